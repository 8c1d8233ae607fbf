package com.example.serverless.forecast.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small synthetic hourly series for a few items, the same bytes on every run: a per-item base load, a daily
 * cycle, a weekday/weekend difference and seeded noise. Rows are {@code timestamp,target_value,item_id} in the
 * dataset schema's order, with no header row, timestamps in 24-hour {@code yyyy-MM-dd HH:mm:ss} (the only format
 * Forecast accepts for hourly data).
 *
 * <p>Run: {@code java -cp forecast-workflow/target/classes com.example.serverless.forecast.sample.SampleSeries
 * sample.csv} (see the module README for the upload command).
 */
public final class SampleSeries {

    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    public static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);
    public static final List<String> ITEMS = List.of("client_1", "client_2", "client_3");
    public static final int DEFAULT_HOURS = 24 * 7 * 8; // eight weeks per item
    private static final long SEED = 20_260_101L;

    private SampleSeries() {}

    /** Writes {@code hours} rows per item, item after item, each in time order. */
    public static void write(OutputStream out, int hours) {
        if (hours < 1) {
            throw new IllegalArgumentException("hours must be at least 1, got " + hours);
        }
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (int item = 0; item < ITEMS.size(); item++) {
                SplittableRandom noise = new SplittableRandom(SEED + item);
                double base = 4.0 + 2.5 * item;
                for (int hour = 0; hour < hours; hour++) {
                    LocalDateTime time = START.plusHours(hour);
                    double daily = Math.sin(2 * Math.PI * (time.getHour() - 6) / 24.0);
                    boolean weekend = time.getDayOfWeek().getValue() >= 6;
                    double value = base * (1 + 0.35 * daily) * (weekend ? 1.2 : 1.0) + noise.nextDouble(-0.3, 0.3);
                    writer.write(TIMESTAMP.format(time));
                    writer.write(',');
                    writer.write(String.format(Locale.ROOT, "%.3f", Math.max(0, value)));
                    writer.write(',');
                    writer.write(ITEMS.get(item));
                    writer.write('\n');
                }
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code SampleSeries <file> [hoursPerItem]}: writes the sample to a file ({@code -} for stdout). */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: SampleSeries <file|-> [hoursPerItem, default " + DEFAULT_HOURS + "]");
            System.exit(2);
        }
        int hours = args.length == 2 ? Integer.parseInt(args[1]) : DEFAULT_HOURS;
        if ("-".equals(args[0])) {
            write(System.out, hours);
            System.out.flush();
        } else {
            try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
                write(out, hours);
            }
        }
    }
}
