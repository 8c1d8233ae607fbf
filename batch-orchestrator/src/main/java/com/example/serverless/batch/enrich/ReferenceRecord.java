package com.example.serverless.batch.enrich;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One row of reference (financial) data for a uuid. Numbers are exact decimals (no floating-point rounding) kept in
 * one canonical text form, whatever the backend returns: DynamoDB normalises a stored {@code 2533654.00} to
 * {@code 2533654}, a local emulator may return the text as written, and the output must not depend on which one
 * answered. The form: plain notation (no exponent), no trailing fractional zeros, no {@code +}, zero as {@code 0}
 * (see {@link #canonical}).
 */
public record ReferenceRecord(
        String uuid,
        String unitsSold,
        String unitPrice,
        String unitCost,
        String totalRevenue,
        String totalCost,
        String totalProfit) {

    public ReferenceRecord {
        unitsSold = canonical("unitsSold", unitsSold);
        unitPrice = canonical("unitPrice", unitPrice);
        unitCost = canonical("unitCost", unitCost);
        totalRevenue = canonical("totalRevenue", totalRevenue);
        totalCost = canonical("totalCost", totalCost);
        totalProfit = canonical("totalProfit", totalProfit);
    }

    /**
     * The canonical text of a decimal number: {@code 2533654.00 -> 2533654}, {@code 1582243.50 -> 1582243.5},
     * {@code 1E+3 -> 1000}, {@code -0 -> 0}. An empty value (attribute missing from the item) stays empty.
     *
     * @throws IllegalArgumentException naming the column when the value is not a decimal number
     */
    public static String canonical(String column, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "reference column " + column + " holds '" + value + "', which is not a number", e);
        }
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    /**
     * The key a uuid is stored and looked up under: stripped and lower case, because the validation accepts
     * upper-case hex and a UUID's case carries no meaning (the loader and the chunk lookup both use this).
     */
    public static String key(String uuid) {
        return uuid.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code chars[start, end)} is already a {@link #key(String) key}: no white space at either end and no
     * upper-case letter, checked without making a String (true for the usual lower-case uuid).
     */
    public static boolean isKey(char[] chars, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = chars[i];
            // <= ' ' covers every ASCII white space; anything beyond ASCII is left to key(String)
            if (c <= ' ' || (c >= 'A' && c <= 'Z') || c > 127) {
                return false;
            }
        }
        return true;
    }

    /** In the order of {@code Columns.REFERENCE}. */
    public List<String> values() {
        return List.of(unitsSold, unitPrice, unitCost, totalRevenue, totalCost, totalProfit);
    }
}
