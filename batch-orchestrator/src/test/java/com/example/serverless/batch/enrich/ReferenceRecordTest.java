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
}
