package com.example.serverless.s3diff.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void changedLine_isOneRemovedAndOneAdded_inConventionalOrderWithThreeLinesOfContext() {
        List<String> before = List.of("1", "2", "3", "4", "old", "6", "7", "8", "9");
        List<String> after = List.of("1", "2", "3", "4", "new", "6", "7", "8", "9");

        TextDiffResult result = TextDiff.compare(before, after, "a@v1", "a@v2", GENEROUS);

        assertThat(result.addedLines()).isEqualTo(1);
        assertThat(result.removedLines()).isEqualTo(1);
        assertThat(result.unifiedDiff())
                .isEqualTo(String.join(
                        "\n",
                        "--- a@v1",
                        "+++ a@v2",
                        "@@ -2,7 +2,7 @@",
                        " 2",
                        " 3",
                        " 4",
                        "-old",
                        "+new",
                        " 6",
                        " 7",
                        " 8"));
    }

    @Test
    void insertionsAndDeletions_areCountedSeparately() {
        TextDiffResult result =
                TextDiff.compare(List.of("a", "b", "c"), List.of("a", "c", "d", "e"), "x", "y", GENEROUS);

        assertThat(result.removedLines()).isEqualTo(1);
        assertThat(result.addedLines()).isEqualTo(2);
        assertThat(result.unifiedDiff()).contains("-b").contains("+d").contains("+e");
    }

    @Test
    void equalTexts_giveNoDiff() {
        TextDiffResult result = TextDiff.compare(List.of("a", "b"), List.of("a", "b"), "x", "y", GENEROUS);

        assertThat(result.identical()).isTrue();
        assertThat(result.unifiedDiff()).isEmpty();
    }

    @Test
    void diffThatOutrunsItsBudget_isAbandoned() {
        List<String> before =
                IntStream.range(0, 20_000).mapToObj(i -> "left " + i).toList();
        List<String> after =
                IntStream.range(0, 20_000).mapToObj(i -> "right " + i).toList();

        assertThatThrownBy(() -> TextDiff.compare(before, after, "x", "y", Duration.ZERO))
                .isInstanceOf(DiffTooComplexException.class)
                .hasMessageContaining("did not finish within 0 ms");
    }
}
