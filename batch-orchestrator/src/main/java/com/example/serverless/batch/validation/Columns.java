package com.example.serverless.batch.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sample's input columns, the reference columns appended by enrichment, and a header's column positions. */
public final class Columns {

    public static final String UUID = "uuid";
    public static final String COUNTRY = "Country";
    public static final String ITEM_TYPE = "Item Type";
    public static final String SALES_CHANNEL = "Sales Channel";
    public static final String ORDER_PRIORITY = "Order Priority";
    public static final String ORDER_DATE = "Order Date";
    public static final String REGION = "Region";
    public static final String SHIP_DATE = "Ship Date";

    public static final List<String> REQUIRED_INPUT =
            List.of(UUID, COUNTRY, ITEM_TYPE, SALES_CHANNEL, ORDER_PRIORITY, ORDER_DATE, REGION, SHIP_DATE);

    /** Appended to every output row, in this order (the reference table's attributes, uuid excluded). */
    public static final List<String> REFERENCE =
            List.of("unitsSold", "unitPrice", "unitCost", "totalRevenue", "totalCost", "totalProfit");

    private final List<String> header;
    private final Map<String, Integer> positions;

    private Columns(List<String> header, Map<String, Integer> positions) {
        this.header = header;
        this.positions = positions;
    }

    /**
     * Reads a header row. Column names are trimmed; every required column must be present (in any order).
     *
     * @throws IllegalArgumentException naming the missing or duplicated columns
     */
    public static Columns ofHeader(List<String> rawHeader) {
        List<String> header = rawHeader.stream().map(String::strip).toList();
        Map<String, Integer> positions = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (positions.putIfAbsent(header.get(i), i) != null) {
                duplicates.add(header.get(i));
            }
        }
        List<String> missing =
                REQUIRED_INPUT.stream().filter(c -> !positions.containsKey(c)).toList();
        if (!missing.isEmpty() || !duplicates.isEmpty()) {
            throw new IllegalArgumentException("header " + header + (missing.isEmpty() ? "" : " lacks " + missing)
                    + (duplicates.isEmpty() ? "" : " repeats " + duplicates)
                    + "; expected the columns " + REQUIRED_INPUT);
        }
        return new Columns(header, positions);
    }

    public List<String> header() {
        return header;
    }

    public int size() {
        return header.size();
    }

    public String value(List<String> fields, String column) {
        return fields.get(positions.get(column));
    }

    /** The position of a column in the header (0-based); the column must be one the header has. */
    public int index(String column) {
        Integer position = positions.get(column);
        if (position == null) {
            throw new IllegalArgumentException("the header has no column " + column);
        }
        return position;
    }

    /** The output header: the input's columns, then the reference columns. */
    public List<String> outputHeader() {
        List<String> out = new ArrayList<>(header);
        out.addAll(REFERENCE);
        return out;
    }
}
