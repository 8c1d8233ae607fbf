package com.example.serverless.forecast.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Export parts shaped like Forecast's CSV exports: a header line in every part, quantile columns, and rows split
 * across several parts of uneven size (one with an item id that needs quoting).
 */
final class ExportFixtures {

    static final String FORECAST_HEADER = "item_id,date,p10,p50,p90";
    static final String ACCURACY_HEADER = "item_id,backtest_window,backtestwindow_start_time,backtestwindow_end_time,"
            + "wQL[0.1],wQL[0.5],wQL[0.9],Average wQL,RMSE,MASE,MAPE,WAPE";
    static final String BACKTEST_HEADER =
            "item_id,timestamp,target_value,backtestwindow_start_time," + "backtestwindow_end_time,p10,p50,p90";
    private static final String[] ITEMS = {"client_1", "client_2", "\"client_3, east\""};

    private ExportFixtures() {}

    /** {@code parts} forecast parts over 3 items x 24 hours; the last part is header-only, as a tail part can be. */
    static List<List<String>> forecastParts(int parts) {
        List<String> rows = new ArrayList<>();
        for (String item : ITEMS) {
            for (int hour = 0; hour < 24; hour++) {
                double p50 = 5 + hour % 7;
                rows.add(String.format(
                        Locale.ROOT,
                        "%s,2026-03-01T%02d:00:00Z,%.4f,%.4f,%.4f",
                        item,
                        hour,
                        p50 * 0.8,
                        p50,
                        p50 * 1.2));
            }
        }
        return split(FORECAST_HEADER, rows, parts);
    }

    static List<List<String>> accuracyParts() {
        List<String> rows = new ArrayList<>();
        for (String item : ITEMS) {
            rows.add(item + ",Computed over 1 backtest window,2026-02-22T00:00:00Z,2026-03-01T00:00:00Z,"
                    + "0.0712,0.1023,0.0655,0.0797,1.2345,0.8812,0.1190,0.1021");
        }
        rows.add("Summary,Computed over 1 backtest window,2026-02-22T00:00:00Z,2026-03-01T00:00:00Z,"
                + "0.0701,0.1001,0.0640,0.0781,1.2001,0.8700,0.1150,0.1000");
        return split(ACCURACY_HEADER, rows, 2);
    }

    static List<List<String>> backtestForecastParts() {
        List<String> rows = new ArrayList<>();
        for (String item : ITEMS) {
            for (int hour = 0; hour < 10; hour++) {
                rows.add(String.format(
                        Locale.ROOT,
                        "%s,2026-02-28T%02d:00:00Z,%d.5,2026-02-22T00:00:00Z," + "2026-03-01T00:00:00Z,4.1,5.2,6.3",
                        item,
                        hour,
                        hour));
            }
        }
        return split(BACKTEST_HEADER, rows, 3);
    }

    /** Rows dealt into {@code parts} parts of decreasing size (the last may hold only the header). */
    static List<List<String>> split(String header, List<String> rows, int parts) {
        List<List<String>> result = new ArrayList<>();
        int start = 0;
        for (int part = 0; part < parts; part++) {
            int remaining = rows.size() - start;
            int size = part == parts - 1 ? remaining : Math.max(0, Math.min(remaining, (remaining + 1) / 2));
            List<String> lines = new ArrayList<>();
            lines.add(header);
            lines.addAll(rows.subList(start, start + size));
            start += size;
            result.add(lines);
        }
        return result;
    }

    static int rowCount(List<List<String>> parts) {
        return parts.stream().mapToInt(part -> part.size() - 1).sum();
    }
}
