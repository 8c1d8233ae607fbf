package com.example.serverless.batch.enrich;

import java.util.List;
import java.util.Locale;

/**
 * One row of reference (financial) data for a uuid. Numbers stay the exact decimal text DynamoDB holds, so the
 * output shows what was stored, with no floating-point rounding.
 */
public record ReferenceRecord(String uuid, String unitsSold, String unitPrice, String unitCost,
                              String totalRevenue, String totalCost, String totalProfit) {

    /**
     * The key a uuid is stored and looked up under: stripped and lower case, because the validation accepts
     * upper-case hex and a UUID's case carries no meaning (the loader and the chunk lookup both use this).
     */
    public static String key(String uuid) {
        return uuid.strip().toLowerCase(Locale.ROOT);
    }

    /** In the order of {@code Columns.REFERENCE}. */
    public List<String> values() {
        return List.of(unitsSold, unitPrice, unitCost, totalRevenue, totalCost, totalProfit);
    }
}
