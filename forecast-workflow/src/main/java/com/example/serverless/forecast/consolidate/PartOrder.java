package com.example.serverless.forecast.consolidate;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forecast names export files {@code <JobName>_<yyyy-MM-ddTHH-mm-ssZ>_part<N>.csv}. Part numbers are not
 * zero-padded, so key order would put part10 before part2; parts are ordered by their number instead.
 */
final class PartOrder {

    private static final Pattern PART = Pattern.compile("^(.*)_part(\\d+)\\.csv$", Pattern.CASE_INSENSITIVE);

    static final Comparator<String> BY_PART_NUMBER = Comparator.comparing(PartOrder::base)
            .thenComparingLong(PartOrder::number)
            .thenComparing(Comparator.naturalOrder());

    private PartOrder() {}

    /** The file name without {@code _partN.csv} (or without {@code .csv} when it has no part number). */
    static String base(String fileName) {
        Matcher matcher = PART.matcher(fileName);
        if (matcher.matches()) {
            return matcher.group(1);
        }
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                ? fileName.substring(0, fileName.length() - 4)
                : fileName;
    }

    static long number(String fileName) {
        Matcher matcher = PART.matcher(fileName);
        return matcher.matches() ? Long.parseLong(matcher.group(2)) : -1;
    }
}
