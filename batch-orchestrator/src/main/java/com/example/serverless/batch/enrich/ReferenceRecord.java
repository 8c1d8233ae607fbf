package com.example.serverless.batch.enrich;

import java.util.List;

/**
 * One row of reference (financial) data for a uuid. Numbers stay the exact decimal text DynamoDB holds, so the
 * output shows what was stored, with no floating-point rounding.
 */
public record ReferenceRecord(String uuid, String unitsSold, String unitPrice, String unitCost,
                              String totalRevenue, String totalCost, String totalProfit) {

    /** In the order of {@code Columns.REFERENCE}. */
    public List<String> values() {
        return List.of(unitsSold, unitPrice, unitCost, totalRevenue, totalCost, totalProfit);
    }
}
