package com.example.serverless.batch.validation;

import com.example.serverless.common.text.TextLimits;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every rule a sales row must pass, in one place. A row that breaks any rule becomes an error row with all of
 * its reasons joined by "; " (so one fix round is enough); it never fails the batch. Values quoted in a reason are
 * abbreviated to {@value #QUOTED_VALUE} code points through {@link TextLimits}, never cut inside a character.
 *
 * <ul>
 *   <li>the row has exactly as many fields as the header;</li>
 *   <li>{@code uuid}: a UUID in canonical 8-4-4-4-12 hex form;</li>
 *   <li>{@code Country}, {@code Item Type}, {@code Region}: present, at most {@value #MAX_TEXT} characters, counted
 *       as Unicode code points (an emoji is one character, not two UTF-16 units);</li>
 *   <li>{@code Sales Channel}: {@code Online} or {@code Offline};</li>
 *   <li>{@code Order Priority}: one of {@code C, H, M, L} (critical, high, medium, low);</li>
 *   <li>{@code Order Date}, {@code Ship Date}: real calendar dates written {@code M/d/yyyy} (e.g. 7/27/2012);</li>
 *   <li>the ship date is not before the order date.</li>
 * </ul>
 *
 * <p>Speed: this runs once per row, so a valid row costs no allocation beyond two {@link LocalDate}s. Column
 * positions are resolved once per header, the UUID form is checked character by character, and a date in the
 * usual {@code M/d/yyyy} shape (1-2 digit month and day, 4-digit year) is read by hand and checked by
 * {@link LocalDate#of}; any other shape goes to the strict {@link #DATE} formatter, so what is accepted is exactly
 * what that formatter accepts (ValidationRulesTest compares both on every shape it has).
 */
public final class ValidationRules {

    static final int MAX_TEXT = 100;
    static final int QUOTED_VALUE = 43;
    // sorted, as the reasons list them; a list because a few equals() beat hashing a new string for a set
    static final List<String> SALES_CHANNELS = List.of("Offline", "Online");
    static final List<String> ORDER_PRIORITIES = List.of("C", "H", "L", "M");
    static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final int size;
    private final int uuid;
    private final int country;
    private final int itemType;
    private final int region;
    private final int salesChannel;
    private final int orderPriority;
    private final int orderDate;
    private final int shipDate;

    public ValidationRules(Columns columns) {
        this.size = columns.size();
        this.uuid = columns.index(Columns.UUID);
        this.country = columns.index(Columns.COUNTRY);
        this.itemType = columns.index(Columns.ITEM_TYPE);
        this.region = columns.index(Columns.REGION);
        this.salesChannel = columns.index(Columns.SALES_CHANNEL);
        this.orderPriority = columns.index(Columns.ORDER_PRIORITY);
        this.orderDate = columns.index(Columns.ORDER_DATE);
        this.shipDate = columns.index(Columns.SHIP_DATE);
    }

    /** @return empty when the row is valid, else every reason it is not */
    public Optional<String> violations(List<String> fields) {
        return Optional.ofNullable(check(fields.toArray(String[]::new), 0));
    }

    /**
     * The row's input fields are {@code record[from..]} (a chunk record starts with the split's bookkeeping
     * columns).
     *
     * @return null when the row is valid, else every reason it is not, joined by "; "
     */
    public String check(String[] record, int from) {
        int found = record.length - from;
        if (found != size) {
            return "expected " + size + " fields, found " + found;
        }
        Reasons reasons = new Reasons();
        String id = record[from + uuid].strip();
        if (!isCanonicalUuid(id)) {
            reasons.add(Columns.UUID + " '" + abbreviate(id) + "' is not a UUID");
        }
        text(record[from + country], Columns.COUNTRY, reasons);
        text(record[from + itemType], Columns.ITEM_TYPE, reasons);
        text(record[from + region], Columns.REGION, reasons);
        oneOf(record[from + salesChannel], Columns.SALES_CHANNEL, SALES_CHANNELS, reasons);
        oneOf(record[from + orderPriority], Columns.ORDER_PRIORITY, ORDER_PRIORITIES, reasons);
        LocalDate ordered = date(record[from + orderDate], Columns.ORDER_DATE, reasons);
        LocalDate shipped = date(record[from + shipDate], Columns.SHIP_DATE, reasons);
        if (ordered != null && shipped != null && shipped.isBefore(ordered)) {
            reasons.add(Columns.SHIP_DATE + " " + shipped + " is before " + Columns.ORDER_DATE + " " + ordered);
        }
        return reasons.joined();
    }

    /** The regular expression {@code [0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}}, without a regex engine. */
    static boolean isCanonicalUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        if (value.charAt(8) != '-' || value.charAt(13) != '-' || value.charAt(18) != '-' || value.charAt(23) != '-') {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            if (c >= HEX.length || (!HEX[c] && i != 8 && i != 13 && i != 18 && i != 23)) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] HEX = new boolean['f' + 1];

    static {
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            HEX[c] = true;
        }
    }

    private static void text(String raw, String column, Reasons reasons) {
        String value = raw.strip();
        if (value.isEmpty()) {
            reasons.add(column + " is required");
        } else if (TextLimits.exceeds(value, MAX_TEXT)) {
            reasons.add(column + " is longer than " + MAX_TEXT + " characters (code points)");
        }
    }

    private static void oneOf(String raw, String column, List<String> allowed, Reasons reasons) {
        String value = raw.strip();
        if (!allowed.contains(value)) {
            reasons.add(column + " '" + abbreviate(value) + "' is not one of " + allowed);
        }
    }

    private static LocalDate date(String raw, String column, Reasons reasons) {
        String value = raw.strip();
        if (value.isEmpty()) {
            reasons.add(column + " is required");
            return null;
        }
        try {
            LocalDate quick = usualShape(value);
            return quick != null ? quick : LocalDate.parse(value, DATE);
        } catch (DateTimeException e) { // DateTimeParseException, or LocalDate.of refusing e.g. 2/30
            reasons.add(column + " '" + abbreviate(value) + "' is not a date in M/d/yyyy form");
            return null;
        }
    }

    /**
     * {@code M/d/yyyy} with a 1-2 digit month and day and a 4-digit year read by hand; null for any other shape
     * (left to the formatter).
     *
     * @throws DateTimeException when the shape is right but the date does not exist
     */
    static LocalDate usualShape(String value) {
        int length = value.length();
        int firstSlash = value.indexOf('/');
        if (firstSlash < 1 || firstSlash > 2) {
            return null;
        }
        int secondSlash = value.indexOf('/', firstSlash + 1);
        if (secondSlash - firstSlash - 1 < 1 || secondSlash - firstSlash - 1 > 2 || length - secondSlash - 1 != 4) {
            return null;
        }
        int month = digits(value, 0, firstSlash);
        int day = digits(value, firstSlash + 1, secondSlash);
        int year = digits(value, secondSlash + 1, length);
        if (month < 0 || day < 0 || year < 0) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The ASCII digits {@code value[from, to)} as a number, or -1 when one is not an ASCII digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static String abbreviate(String value) {
        return TextLimits.abbreviate(value, QUOTED_VALUE);
    }

    /** The reasons of one row; allocates nothing until the first one. */
    private static final class Reasons {
        private StringBuilder text;

        void add(String reason) {
            if (text == null) {
                text = new StringBuilder(reason);
            } else {
                text.append("; ").append(reason);
            }
        }

        String joined() {
            return text == null ? null : text.toString();
        }
    }
}
