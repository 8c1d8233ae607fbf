package com.example.serverless.batch.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationRulesTest {

    private static final List<String> HEADER = List.of(
            "uuid", "Country", "Item Type", "Sales Channel", "Order Priority", "Order Date", "Region", "Ship Date");
    private static final List<String> VALID = List.of(
            "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3a",
            "Tuvalu",
            "Baby Food",
            "Offline",
            "H",
            "5/28/2010",
            "Australia and Oceania",
            "6/27/2010");

    private final ValidationRules rules = new ValidationRules(Columns.ofHeader(HEADER));

    private String violations(int column, String value) {
        List<String> row = new ArrayList<>(VALID);
        row.set(column, value);
        return rules.violations(row).orElse("");
    }

    @Test
    void aValidRow_hasNoViolations() {
        assertThat(rules.violations(VALID)).isEmpty();
    }

    @Test
    void columnsMayComeInAnyOrder() {
        List<String> header = new ArrayList<>(HEADER);
        List<String> row = new ArrayList<>(VALID);
        java.util.Collections.reverse(header);
        java.util.Collections.reverse(row);
        assertThat(new ValidationRules(Columns.ofHeader(header)).violations(row))
                .isEmpty();
    }

    @Test
    void wrongFieldCount_isReportedAlone() {
        assertThat(rules.violations(VALID.subList(0, 7))).contains("expected 8 fields, found 7");
    }

    @Test
    void uuid_mustBeCanonical() {
        assertThat(violations(0, "not-a-uuid")).isEqualTo("uuid 'not-a-uuid' is not a UUID");
        assertThat(violations(0, "")).contains("is not a UUID");
    }

    @Test
    void textColumns_areRequiredAndBounded() {
        assertThat(violations(1, " ")).isEqualTo("Country is required");
        assertThat(violations(2, "x".repeat(101))).isEqualTo("Item Type is longer than 100 characters (code points)");
        assertThat(violations(6, "x".repeat(100))).isEmpty();
    }

    @Test
    void salesChannelAndPriority_comeFromFixedSets() {
        assertThat(violations(3, "Phone")).isEqualTo("Sales Channel 'Phone' is not one of [Offline, Online]");
        assertThat(violations(4, "X")).isEqualTo("Order Priority 'X' is not one of [C, H, L, M]");
        assertThat(violations(4, "C")).isEmpty();
    }

    @Test
    void dates_mustBeRealCalendarDatesInMonthDayYearForm() {
        assertThat(violations(5, "2/30/2012")).isEqualTo("Order Date '2/30/2012' is not a date in M/d/yyyy form");
        assertThat(violations(5, "2012-01-05")).contains("is not a date in M/d/yyyy form");
        assertThat(violations(7, "2/29/2012")).isEmpty();
        assertThat(violations(7, "")).isEqualTo("Ship Date is required");
    }

    @Test
    void shipDate_mayNotPrecedeOrderDate_butSameDayIsFine() {
        assertThat(violations(7, "5/27/2010")).isEqualTo("Ship Date 2010-05-27 is before Order Date 2010-05-28");
        assertThat(violations(7, "5/28/2010")).isEmpty();
    }

    @Test
    void everyViolationOfARow_isReportedTogether() {
        List<String> row = new ArrayList<>(VALID);
        row.set(3, "Phone");
        row.set(4, "Z");
        assertThat(rules.violations(row))
                .hasValue(
                        "Sales Channel 'Phone' is not one of [Offline, Online]; Order Priority 'Z' is not one of [C, H, L, M]");
    }

    private static final String GRIN = "\uD83D\uDE00"; // one code point, two UTF-16 units

    @Test
    void textLength_isCountedInCodePoints_soFiftyOneEmojiAreNotTooLong() {
        assertThat(violations(1, GRIN.repeat(51))).isEmpty();
        assertThat(violations(1, GRIN.repeat(100))).isEmpty();
        assertThat(violations(1, GRIN.repeat(101))).isEqualTo("Country is longer than 100 characters (code points)");
    }

    @Test
    void valuesQuotedInAReason_areCutOnCharacterBoundaries_soTheReasonIsValidUtf8() {
        // the 40th and 41st UTF-16 units are the two halves of an emoji
        String reason = violations(4, "x".repeat(39) + GRIN.repeat(5));
        assertThat(reason).startsWith("Order Priority '" + "x".repeat(39));
        assertThat(com.example.serverless.batch.TestText.isWellFormed(reason))
                .as(reason)
                .isTrue();
    }

    @Test
    void theHandWrittenDateAndUuidChecks_acceptExactlyWhatTheFormatterAndThePatternAccept() {
        java.util.regex.Pattern uuidForm = java.util.regex.Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        List<String> uuids = List.of(
                "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3a",
                "5BD1A6D9-5E3C-4A4E-9C51-1B2F1F1D2E3A",
                "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3",
                "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3g",
                "5bd1a6d9x5e3c-4a4e-9c51-1b2f1f1d2e3a",
                "5bd1a6d95e3c-4a4e-9c51-1b2f1f1d2e3a-",
                "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3\u00e9",
                "------------------------------------",
                "");
        for (String uuid : uuids) {
            assertThat(ValidationRules.isCanonicalUuid(uuid))
                    .as(uuid)
                    .isEqualTo(uuidForm.matcher(uuid).matches());
        }
        List<String> dates = List.of(
                "7/27/2012",
                "07/27/2012",
                "12/31/1999",
                "2/29/2012",
                "2/29/2011",
                "2/30/2012",
                "13/1/2012",
                "0/1/2012",
                "1/0/2012",
                "1/32/2012",
                "1/1/0000",
                "1/1/12",
                "1/1/12345",
                "1/1/+12345",
                "001/1/2012",
                "1//2012",
                "/1/2012",
                "1/1/",
                "a/1/2012",
                "1/1/201x",
                "1-1-2012",
                "1/1/2012/",
                " 1/1/2012",
                "\u0661/1/2012",
                "1/1/-2012");
        for (String date : dates) {
            String expected;
            try {
                expected = java.time.LocalDate.parse(date, ValidationRules.DATE).toString();
            } catch (java.time.DateTimeException e) {
                expected = "invalid";
            }
            String actual;
            try {
                java.time.LocalDate quick = ValidationRules.usualShape(date);
                actual = (quick != null ? quick : java.time.LocalDate.parse(date, ValidationRules.DATE)).toString();
            } catch (java.time.DateTimeException e) {
                actual = "invalid";
            }
            assertThat(actual).as(date).isEqualTo(expected);
        }
    }
}
