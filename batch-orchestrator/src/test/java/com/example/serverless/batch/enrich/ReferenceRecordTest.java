package com.example.serverless.batch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Reference numbers reach the output in one canonical form whatever the table returns: DynamoDB normalises
 * numbers ({@code 2533654.00} comes back as {@code 2533654}) while a local emulator may return the text as
 * written, so the form is fixed here and pinned by this test.
 */
class ReferenceRecordTest {

    private static ReferenceRecord withRevenue(String revenue) {
        return new ReferenceRecord("u", "1", "2", "3", revenue, "5", "6");
    }

    @Test
    void numbers_areWrittenInPlainNotation_withoutTrailingZeros() {
        assertThat(withRevenue("2533654.00").totalRevenue()).isEqualTo("2533654");
        assertThat(withRevenue("2533654").totalRevenue()).isEqualTo("2533654");
        assertThat(withRevenue("1582243.50").totalRevenue()).isEqualTo("1582243.5");
        assertThat(withRevenue("255.28").totalRevenue()).isEqualTo("255.28");
        assertThat(withRevenue("1E+3").totalRevenue()).isEqualTo("1000");
        assertThat(withRevenue("1.5e-7").totalRevenue()).isEqualTo("0.00000015");
        assertThat(withRevenue("0.000").totalRevenue()).isEqualTo("0");
        assertThat(withRevenue("-0").totalRevenue()).isEqualTo("0");
        assertThat(withRevenue("+12.10").totalRevenue()).isEqualTo("12.1");
        assertThat(withRevenue("-12.10").totalRevenue()).isEqualTo("-12.1");
    }

    @Test
    void everyReferenceColumn_isCanonical() {
        assertThat(new ReferenceRecord("u", "9925.0", "255.280", "159.42", "2533654.00", "1582243.50", "951410.50")
                        .values())
                .containsExactly("9925", "255.28", "159.42", "2533654", "1582243.5", "951410.5");
    }

    @Test
    void aValueThatIsNotANumber_isRefusedNamingTheColumn() {
        assertThatThrownBy(() -> withRevenue("12,5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalRevenue")
                .hasMessageContaining("12,5");
    }

    @Test
    void isKey_isTrueForAUsualUuid_andNeverForTextThatKeyWouldChange() {
        assertThat(isKey("5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3a")).isTrue();
        for (String changed :
                new String[] {"5BD1A6D9-5E3C-4A4E-9C51-1B2F1F1D2E3A", " 5bd1a6d9", "5bd1a6d9\t", "abc\u2003", "\u00c9"
                }) {
            assertThat(ReferenceRecord.key(changed)).isNotEqualTo(changed);
            assertThat(isKey(changed)).as(changed).isFalse();
        }
        // anything beyond ASCII is left to key(String), even when that leaves it as it is
        assertThat(isKey("é")).isFalse();
        assertThat(isKey("\u00a05bd1")).isFalse(); // a no-break space, which strip() keeps
    }

    /** isKey on a range inside a larger buffer, as the chunk step calls it. */
    private static boolean isKey(String text) {
        char[] chars = ("[" + text + "]").toCharArray();
        return ReferenceRecord.isKey(chars, 1, chars.length - 1);
    }
}
