package com.example.serverless.forecast.consolidate;

import java.util.List;

/**
 * One consolidated CSV: every data row of {@code parts} export files under one header.
 *
 * @param table  {@code <export>} or {@code <export>-<folder>}, e.g. {@code backtest-accuracy-metrics-values}
 * @param key    where it was written
 * @param parts  how many part files it was made from (empty parts included)
 * @param rows   data rows, header excluded
 * @param header the columns, e.g. {@code item_id, date, p10, p50, p90}
 */
public record ConsolidatedTable(String table, String key, int parts, long rows, List<String> header) {}
