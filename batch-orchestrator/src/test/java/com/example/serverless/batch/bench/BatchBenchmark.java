package com.example.serverless.batch.bench;

import com.example.serverless.batch.chunk.ChunkProcessor;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.sample.SalesSample;
import com.example.serverless.batch.split.Splitter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows per second of the three Java stages on generated samples, in memory (S3 and DynamoDB replaced by byte
 * arrays and a HashMap, so the numbers are this code's CPU cost, not moto's or the network's). The baseline,
 * measured in the same run on the same bytes, is a plain scan that copies the input and counts line ends: the
 * floor any CSV stage must pay. Not part of the test run; see batch-orchestrator/README.md "Benchmark".
 *
 * <p>Run: {@code batch-orchestrator/bench.sh [rows...]} (default 100000 1000000).
 */
public final class BatchBenchmark {

    private static final int CHUNK_SIZE = 1000;
    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000, 1_000_000);
        }
        System.out.printf(Locale.ROOT, "%-9s %-26s %12s %14s %10s%n", "rows", "stage", "best ms", "rows/s", "vs scan");
        for (int rows : sizes) {
            run(rows);
        }
    }

    private static void run(int rows) throws Exception {
        SalesSample.Sample sample = SalesSample.generate(rows, rows / 270, 42L); // ~37 bad rows per 10k
        byte[] input = sample.csv().getBytes(StandardCharsets.UTF_8);
        Map<String, ReferenceRecord> reference = parseReference(sample.referenceCsv());
        ReferenceLookup lookup = uuids -> {
            Map<String, ReferenceRecord> found = new HashMap<>();
            for (String uuid : uuids) {
                ReferenceRecord record = reference.get(uuid);
                if (record != null) {
                    found.put(uuid, record);
                }
            }
            return found;
        };
        Method countRecords = Class.forName("com.example.serverless.batch.merge.Merger")
                .getDeclaredMethod("countRecords", CsvDialect.class, byte[].class);
        countRecords.setAccessible(true);

        long scan = best(() -> {
            ByteArrayOutputStream copy = new ByteArrayOutputStream(input.length);
            copy.write(input, 0, input.length);
            int lines = 0;
            for (byte b : copy.toByteArray()) {
                if (b == '\n') {
                    lines++;
                }
            }
            return lines;
        });
        List<byte[]> chunks = new ArrayList<>();
        long split = best(() -> {
            chunks.clear();
            new Splitter(CsvDialect.COMMA, CHUNK_SIZE)
                    .split(new ByteArrayInputStream(input), (part, csv, count) -> chunks.add(csv));
            return chunks.size();
        });
        List<byte[]> processed = new ArrayList<>();
        long process = best(() -> {
            processed.clear();
            for (byte[] chunk : chunks) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + chunk.length / 2);
                new ChunkProcessor(CsvDialect.COMMA, lookup).process(new ByteArrayInputStream(chunk), out);
                processed.add(out.toByteArray());
            }
            return processed.size();
        });
        long merge = best(() -> {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            long counted = 0;
            for (byte[] part : processed) {
                counted += (long) countRecords.invoke(null, CsvDialect.COMMA, part);
                output.write(part, 0, part.length);
            }
            return counted;
        });
        report(rows, "baseline: copy + count \\n", scan, scan);
        report(rows, "split (parse + chunk)", split, scan);
        report(rows, "process (validate+enrich)", process, scan);
        report(rows, "merge (count + concat)", merge, scan);
        System.out.printf(
                Locale.ROOT,
                "%-9d input %.1f MB, %d chunks of %d rows%n",
                rows,
                input.length / 1e6,
                chunks.size(),
                CHUNK_SIZE);
    }

    private interface Stage {
        Object run() throws Exception;
    }

    /** Best of {@value #ROUNDS} rounds after one warm-up, in nanoseconds. */
    private static long best(Stage stage) throws Exception {
        stage.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            stage.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static void report(int rows, String stage, long nanos, long baselineNanos) {
        System.out.printf(
                Locale.ROOT,
                "%-9d %-26s %12.1f %14.0f %9.1fx%n",
                rows,
                stage,
                nanos / 1e6,
                rows / (nanos / 1e9),
                (double) nanos / baselineNanos);
    }

    private static Map<String, ReferenceRecord> parseReference(String csv) {
        Map<String, ReferenceRecord> byUuid = new HashMap<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (!f[0].equals("uuid")) {
                byUuid.put(f[0], new ReferenceRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
            }
        }
        return byUuid;
    }
}
