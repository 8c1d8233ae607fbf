package com.example.serverless.batch.validation;

import com.example.serverless.common.text.TextLimits;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
 */
public final class ValidationRules {

    static final int MAX_TEXT = 100;
    static final int QUOTED_VALUE = 43;
    static final Set<String> SALES_CHANNELS = Set.of("Online", "Offline");
    static final Set<String> ORDER_PRIORITIES = Set.of("C", "H", "M", "L");
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final Columns columns;

    public ValidationRules(Columns columns) {
        this.columns = columns;
    }

    /** @return empty when the row is valid, else every reason it is not */
    public Optional<String> violations(List<String> fields) {
        if (fields.size() != columns.size()) {
            return Optional.of("expected " + columns.size() + " fields, found " + fields.size());
        }
        List<String> reasons = new ArrayList<>();
        String uuid = columns.value(fields, Columns.UUID).strip();
        if (!UUID_FORM.matcher(uuid).matches()) {
            reasons.add(Columns.UUID + " '" + abbreviate(uuid) + "' is not a UUID");
        }
        text(fields, Columns.COUNTRY, reasons);
        text(fields, Columns.ITEM_TYPE, reasons);
        text(fields, Columns.REGION, reasons);
        oneOf(fields, Columns.SALES_CHANNEL, SALES_CHANNELS, reasons);
        oneOf(fields, Columns.ORDER_PRIORITY, ORDER_PRIORITIES, reasons);
        LocalDate ordered = date(fields, Columns.ORDER_DATE, reasons);
        LocalDate shipped = date(fields, Columns.SHIP_DATE, reasons);
        if (ordered != null && shipped != null && shipped.isBefore(ordered)) {
            reasons.add(Columns.SHIP_DATE + " " + shipped + " is before " + Columns.ORDER_DATE + " " + ordered);
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private void text(List<String> fields, String column, List<String> reasons) {
        String value = columns.value(fields, column).strip();
        if (value.isEmpty()) {
            reasons.add(column + " is required");
        } else if (TextLimits.exceeds(value, MAX_TEXT)) {
            reasons.add(column + " is longer than " + MAX_TEXT + " characters (code points)");
        }
    }

    private void oneOf(List<String> fields, String column, Set<String> allowed, List<String> reasons) {
        String value = columns.value(fields, column).strip();
        if (!allowed.contains(value)) {
            reasons.add(column + " '" + abbreviate(value) + "' is not one of "
                    + allowed.stream().sorted().toList());
        }
    }

    private LocalDate date(List<String> fields, String column, List<String> reasons) {
        String value = columns.value(fields, column).strip();
        if (value.isEmpty()) {
            reasons.add(column + " is required");
            return null;
        }
        try {
            return LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            reasons.add(column + " '" + abbreviate(value) + "' is not a date in M/d/yyyy form");
            return null;
        }
    }

    private static String abbreviate(String value) {
        return TextLimits.abbreviate(value, QUOTED_VALUE);
    }
}
