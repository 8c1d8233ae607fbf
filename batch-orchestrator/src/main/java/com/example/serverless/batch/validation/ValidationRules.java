package com.example.serverless.batch.validation;

import com.example.serverless.batch.csv.CsvFields;
import com.example.serverless.common.text.TextLimits;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Arrays;
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
 * <p>Speed: this runs once per row, so a valid row costs no allocation beyond two {@link LocalDate}s: each field
 * is read in place in the record's character buffer ({@link CsvFields}), a String is made only to quote a value in
 * a reason. Column
 * positions are resolved once per header, the UUID form is checked character by character, and a date in the
 * usual {@code M/d/yyyy} shape (1-2 digit month and day, 4-digit year) is read by hand and checked by
 * {@link LocalDate#of}; any other shape goes to the strict {@link #DATE} formatter, so what is accepted is exactly
 * what that formatter accepts (ValidationRulesTest compares both on every shape it has).
 */
public final class ValidationRules {

    static final int MAX_TEXT = 100;
    static final int QUOTED_VALUE = 43;
    // sorted, as the reasons list them
    static final List<String> SALES_CHANNELS = List.of("Offline", "Online");
    static final List<String> ORDER_PRIORITIES = List.of("C", "H", "L", "M");
    // the same values as characters, compared with a field in place
    private static final char[][] SALES_CHANNEL_CHARS = chars(SALES_CHANNELS);
    private static final char[][] ORDER_PRIORITY_CHARS = chars(ORDER_PRIORITIES);
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
        return Optional.ofNullable(check(CsvFields.of(fields), 0));
    }

    /**
     * The row's input fields are {@code record[from..]} (a chunk record starts with the split's bookkeeping
     * columns). Each field is read where it lies in {@code record}'s buffer; a String is made only for a reason.
     *
     * @return null when the row is valid, else every reason it is not, joined by "; "
     */
    public String check(CsvFields record, int from) {
        int found = record.size() - from;
        if (found != size) {
            return "expected " + size + " fields, found " + found;
        }
        Reasons reasons = new Reasons();
        Field field = new Field(record.chars());
        field.select(record, from + uuid);
        if (!isCanonicalUuid(field.chars, field.start, field.end)) {
            reasons.add(Columns.UUID + " '" + abbreviate(field.string()) + "' is not a UUID");
        }
        text(field.select(record, from + country), Columns.COUNTRY, reasons);
        text(field.select(record, from + itemType), Columns.ITEM_TYPE, reasons);
        text(field.select(record, from + region), Columns.REGION, reasons);
        oneOf(
                field.select(record, from + salesChannel),
                Columns.SALES_CHANNEL,
                SALES_CHANNELS,
                SALES_CHANNEL_CHARS,
                reasons);
        oneOf(
                field.select(record, from + orderPriority),
                Columns.ORDER_PRIORITY,
                ORDER_PRIORITIES,
                ORDER_PRIORITY_CHARS,
                reasons);
        LocalDate ordered = date(field.select(record, from + orderDate), Columns.ORDER_DATE, reasons);
        LocalDate shipped = date(field.select(record, from + shipDate), Columns.SHIP_DATE, reasons);
        if (ordered != null && shipped != null && shipped.isBefore(ordered)) {
            reasons.add(Columns.SHIP_DATE + " " + shipped + " is before " + Columns.ORDER_DATE + " " + ordered);
        }
        return reasons.joined();
    }

    /**
     * One field's value with surrounding white space removed, as {@link String#strip()} removes it, as a range of
     * the record's buffer. One per row, moved from field to field.
     */
    private static final class Field {
        final char[] chars;
        int start;
        int end;

        Field(char[] chars) {
            this.chars = chars;
        }

        Field select(CsvFields record, int index) {
            int from = record.start(index);
            int to = record.end(index);
            // Character.isWhitespace(char) is strip()'s test: every white space code point is a single char
            while (from < to && Character.isWhitespace(chars[from])) {
                from++;
            }
            while (to > from && Character.isWhitespace(chars[to - 1])) {
                to--;
            }
            start = from;
            end = to;
            return this;
        }

        int length() {
            return end - start;
        }

        boolean is(char[] value) {
            return Arrays.equals(chars, start, end, value, 0, value.length);
        }

        String string() {
            return new String(chars, start, length());
        }
    }

    /** The regular expression {@code [0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}}, without a regex engine. */
    static boolean isCanonicalUuid(String value) {
        return isCanonicalUuid(value.toCharArray(), 0, value.length());
    }

    private static boolean isCanonicalUuid(char[] chars, int start, int end) {
        if (end - start != 36) {
            return false;
        }
        if (chars[start + 8] != '-'
                || chars[start + 13] != '-'
                || chars[start + 18] != '-'
                || chars[start + 23] != '-') {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = chars[start + i];
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

    private static void text(Field value, String column, Reasons reasons) {
        if (value.length() == 0) {
            reasons.add(column + " is required");
        } else if (value.length() > MAX_TEXT // fewer UTF-16 units than the limit: fewer code points too
                && Character.codePointCount(value.chars, value.start, value.length()) > MAX_TEXT) {
            reasons.add(column + " is longer than " + MAX_TEXT + " characters (code points)");
        }
    }

    private static void oneOf(
            Field value, String column, List<String> allowed, char[][] allowedChars, Reasons reasons) {
        for (char[] candidate : allowedChars) {
            if (value.is(candidate)) {
                return;
            }
        }
        reasons.add(column + " '" + abbreviate(value.string()) + "' is not one of " + allowed);
    }

    private static LocalDate date(Field value, String column, Reasons reasons) {
        if (value.length() == 0) {
            reasons.add(column + " is required");
            return null;
        }
        try {
            LocalDate quick = usualShape(value.chars, value.start, value.end);
            return quick != null ? quick : LocalDate.parse(value.string(), DATE);
        } catch (DateTimeException e) { // DateTimeParseException, or LocalDate.of refusing e.g. 2/30
            reasons.add(column + " '" + abbreviate(value.string()) + "' is not a date in M/d/yyyy form");
            return null;
        }
    }

    /** {@link #usualShape(char[], int, int)} of a whole string. */
    static LocalDate usualShape(String value) {
        return usualShape(value.toCharArray(), 0, value.length());
    }

    /**
     * {@code M/d/yyyy} with a 1-2 digit month and day and a 4-digit year read by hand; null for any other shape
     * (left to the formatter).
     *
     * @throws DateTimeException when the shape is right but the date does not exist
     */
    private static LocalDate usualShape(char[] chars, int start, int end) {
        int firstSlash = indexOf(chars, '/', start, end);
        if (firstSlash - start < 1 || firstSlash - start > 2) {
            return null;
        }
        int secondSlash = indexOf(chars, '/', firstSlash + 1, end);
        int dayLength = secondSlash - firstSlash - 1;
        if (secondSlash < 0 || dayLength < 1 || dayLength > 2 || end - secondSlash - 1 != 4) {
            return null;
        }
        int month = digits(chars, start, firstSlash);
        int day = digits(chars, firstSlash + 1, secondSlash);
        int year = digits(chars, secondSlash + 1, end);
        if (month < 0 || day < 0 || year < 0) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The index of {@code c} in {@code chars[from, to)}, or -1. */
    private static int indexOf(char[] chars, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The ASCII digits {@code chars[from, to)} as a number, or -1 when one is not an ASCII digit. */
    private static int digits(char[] chars, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static char[][] chars(List<String> values) {
        return values.stream().map(String::toCharArray).toArray(char[][]::new);
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
