package com.example.serverless.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextLimitsTest {

    private static final String GRIN = "\uD83D\uDE00"; // one code point, two UTF-16 units
    private static final String FLAG_FR = "\uD83C\uDDEB\uD83C\uDDF7"; // two code points, one grapheme
    private static final String E_ACUTE_COMBINING = "e\u0301"; // two code points, one grapheme

    @Test
    void cut_neverSplitsASurrogatePair_atAnyLimit() {
        String text = "a" + GRIN.repeat(50);
        for (int limit = 0; limit <= 52; limit++) {
            String cut = TextLimits.cut(text, limit);
            assertThat(isWellFormed(cut)).as("limit %d", limit).isTrue();
            assertThat(TextLimits.codePoints(cut)).isLessThanOrEqualTo(limit);
        }
        assertThat(TextLimits.cut(text, 3)).isEqualTo("a" + GRIN + GRIN);
    }

    @Test
    void cut_countsCodePoints_notUtf16Units() {
        String fiftyOne = GRIN.repeat(51);
        assertThat(fiftyOne.length()).isEqualTo(102);
        assertThat(TextLimits.exceeds(fiftyOne, 100)).isFalse();
        assertThat(TextLimits.cut(fiftyOne, 100)).isSameAs(fiftyOne);
        assertThat(TextLimits.exceeds(GRIN.repeat(101), 100)).isTrue();
    }

    @Test
    void cut_keepsGraphemeClustersWhole() {
        // the limit falls between the two regional indicators of a flag: the whole flag goes
        assertThat(TextLimits.cut("ab" + FLAG_FR, 3)).isEqualTo("ab");
        assertThat(TextLimits.cut("ab" + FLAG_FR + "c", 4)).isEqualTo("ab" + FLAG_FR);
        // ... and between a letter and its combining accent: the letter goes too
        assertThat(TextLimits.cut("x" + E_ACUTE_COMBINING + "y", 2)).isEqualTo("x");
    }

    @Test
    void abbreviate_marksTheCut_andStaysWithinTheLimit() {
        assertThat(TextLimits.abbreviate("short", 10)).isEqualTo("short");
        String cut = TextLimits.abbreviate(GRIN.repeat(20), 10);
        assertThat(cut).isEqualTo(GRIN.repeat(7) + "...");
        assertThat(TextLimits.codePoints(cut)).isEqualTo(10);
        assertThatThrownBy(() -> TextLimits.abbreviate("x", 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullAndShortTextPassThrough() {
        assertThat(TextLimits.cut(null, 5)).isNull();
        assertThat(TextLimits.exceeds(null, 5)).isFalse();
        assertThat(TextLimits.cut("", 0)).isEmpty();
        assertThatThrownBy(() -> TextLimits.cut("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean isWellFormed(String text) {
        try {
            StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
