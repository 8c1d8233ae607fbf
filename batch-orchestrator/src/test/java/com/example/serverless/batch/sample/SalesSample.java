package com.example.serverless.batch.sample;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Generates the sales sample deterministically (same seed, same bytes): a UTF-8 BOM, CRLF line ends, one blank
 * line, some quoted fields holding the delimiter, quotes and a line break, and {@code invalid} bad rows of eight
 * kinds at seeded positions, plus reference data for every row that should be found. Used instead of committing
 * a 1 MB file; {@code batch-orchestrator/sample-data/} holds a small hand-written sample for manual runs.
 */
public final class SalesSample {

    public static final String HEADER =
            "uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,Region,Ship Date";
    public static final String REFERENCE_HEADER =
            "uuid,unitsSold,unitPrice,unitCost,totalRevenue,totalCost,totalProfit";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    private static final String[] COUNTRIES = {
        "Tuvalu",
        "Grenada",
        "Russia",
        "Sao Tome and Principe",
        "Rwanda",
        "Solomon Islands",
        "Angola",
        "Burkina Faso",
        "Republic of the Congo",
        "Senegal"
    };
    private static final String[] REGIONS = {
        "Australia and Oceania",
        "Central America and the Caribbean",
        "Europe",
        "Sub-Saharan Africa",
        "Asia",
        "Middle East and North Africa",
        "North America"
    };
    private static final String[] ITEMS = {
        "Baby Food",
        "Cereal",
        "Office Supplies",
        "Fruits",
        "Household",
        "Vegetables",
        "Personal Care",
        "Clothes",
        "Cosmetics",
        "Beverages",
        "Meat",
        "Snacks"
    };
    /** Valid values that need quoting: the delimiter, a quote, a line break. */
    private static final String[] QUOTED_ITEMS = {"Snacks, assorted", "12\" Pizza", "Office\nSupplies"};

    static final String[] INVALID_KINDS = {
        "bad order date",
        "ship before order",
        "bad priority",
        "missing country",
        "no reference data",
        "missing field",
        "bad uuid",
        "bad sales channel"
    };

    /**
     * @param csv the input file's bytes as text (BOM included)
     * @param validUuids uuids of the rows that must reach the output, in input order
     * @param invalidRows data-row number -> kind of defect, for every row that must become an error row
     */
    public record Sample(String csv, List<String> validUuids, Map<Long, String> invalidRows, String referenceCsv) {}

    private SalesSample() {}

    public static Sample generate(int rows, int invalid, long seed) {
        return generate(rows, invalid, seed, ',');
    }

    /**
     * The same sample in another delimiter (the reference data stays comma-separated): the header and every row are
     * joined with {@code delimiter}, and the first quoted item holds that delimiter instead of a comma.
     */
    public static Sample generate(int rows, int invalid, long seed, char delimiter) {
        Random random = new Random(seed);
        TreeSet<Long> badRows = new TreeSet<>();
        while (badRows.size() < invalid) {
            badRows.add(1 + (long) random.nextInt(rows));
        }
        StringBuilder csv = new StringBuilder(rows * 110)
                .append('\uFEFF')
                .append(HEADER.replace(',', delimiter))
                .append("\r\n");
        StringBuilder reference =
                new StringBuilder(rows * 70).append(REFERENCE_HEADER).append('\n');
        List<String> valid = new ArrayList<>(rows);
        Map<Long, String> invalidRows = new TreeMap<>();
        int kind = 0;
        for (long row = 1; row <= rows; row++) {
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            LocalDate ordered = LocalDate.of(2010, 1, 1).plusDays(random.nextInt(2900));
            LocalDate shipped = ordered.plusDays(random.nextInt(50));
            String item = row % 997 == 0
                    ? QUOTED_ITEMS[(int) (row / 997) % QUOTED_ITEMS.length].replace(',', delimiter)
                    : ITEMS[random.nextInt(ITEMS.length)];
            String[] fields = {
                uuid,
                COUNTRIES[random.nextInt(COUNTRIES.length)],
                item,
                random.nextBoolean() ? "Online" : "Offline",
                "CHML".substring(random.nextInt(4)).substring(0, 1),
                DATE.format(ordered),
                REGIONS[random.nextInt(REGIONS.length)],
                DATE.format(shipped)
            };
            boolean referenced = true;
            if (badRows.contains(row)) {
                String defect = INVALID_KINDS[kind++ % INVALID_KINDS.length];
                invalidRows.put(row, defect);
                switch (defect) {
                    case "bad order date" -> fields[5] = "13/45/2020";
                    case "ship before order" -> fields[7] = DATE.format(ordered.minusDays(3));
                    case "bad priority" -> fields[4] = "X";
                    case "missing country" -> fields[1] = "";
                    case "no reference data" -> referenced = false;
                    case "missing field" -> fields = java.util.Arrays.copyOf(fields, 7);
                    case "bad uuid" -> fields[0] = "not-a-uuid-" + row;
                    case "bad sales channel" -> fields[3] = "Phone";
                    default -> throw new IllegalStateException(defect);
                }
            } else {
                valid.add(uuid);
            }
            csv.append(line(fields, delimiter)).append("\r\n");
            if (row == rows / 2) {
                csv.append("\r\n"); // a blank line: skipped, not a row
            }
            if (referenced) {
                int units = 1 + random.nextInt(10_000);
                int priceCents = 100 + random.nextInt(60_000);
                int costCents = priceCents * 7 / 10;
                reference
                        .append(uuid)
                        .append(',')
                        .append(units)
                        .append(',')
                        .append(money(priceCents))
                        .append(',')
                        .append(money(costCents))
                        .append(',')
                        .append(money((long) units * priceCents))
                        .append(',')
                        .append(money((long) units * costCents))
                        .append(',')
                        .append(money((long) units * (priceCents - costCents)))
                        .append('\n');
            }
        }
        return new Sample(csv.toString(), List.copyOf(valid), invalidRows, reference.toString());
    }

    private static String line(String[] fields, char delimiter) {
        List<String> quoted = new ArrayList<>(fields.length);
        for (String field : fields) {
            boolean needsQuotes = field.indexOf(delimiter) >= 0 || field.contains("\"") || field.contains("\n");
            quoted.add(needsQuotes ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
        }
        return String.join(String.valueOf(delimiter), quoted);
    }

    private static String money(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }
}
