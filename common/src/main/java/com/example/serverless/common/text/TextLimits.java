package com.example.serverless.common.text;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * The one place the suite shortens or measures user text. The unit is the Unicode <b>code point</b> (what a person
 * calls a character; an emoji is one, not two UTF-16 units), and a cut never falls inside a user-perceived
 * character (an extended grapheme cluster: a flag, an emoji with skin tone or a ZWJ sequence, a letter with
 * combining accents). So a cut string is always well-formed UTF-16, encodes to valid UTF-8, and shows no half
 * characters.
 *
 * <p>Why hand-written: {@code String.substring} counts UTF-16 units and can split a surrogate pair (DynamoDB then
 * refuses the string); {@link BreakIterator#getCharacterInstance} (grapheme clusters since JDK 20) finds the
 * boundary, this class only chooses where to ask.
 */
public final class TextLimits {

    /** Appended by {@link #abbreviate} when text was cut. */
    public static final String ELLIPSIS = "...";

    private TextLimits() {}

    /** Length in code points (an unpaired surrogate counts as one). */
    public static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether {@code text} has more than {@code maxCodePoints} code points. */
    public static boolean exceeds(String text, int maxCodePoints) {
        if (text == null || text.length() <= maxCodePoints) {
            return false; // fewer UTF-16 units than the limit: fewer code points too
        }
        return codePoints(text) > maxCodePoints;
    }

    /**
     * The longest prefix of {@code text} with at most {@code maxCodePoints} code points that ends on a grapheme
     * boundary; {@code text} itself when it is short enough; null stays null. A first grapheme longer than the
     * limit gives the empty string.
     */
    public static String cut(String text, int maxCodePoints) {
        if (maxCodePoints < 0) {
            throw new IllegalArgumentException("maxCodePoints must not be negative, got " + maxCodePoints);
        }
        if (!exceeds(text, maxCodePoints)) {
            return text;
        }
        int end = text.offsetByCodePoints(0, maxCodePoints);
        return text.substring(0, graphemeBoundaryAtOrBefore(text, end));
    }

    /** {@link #cut} plus {@link #ELLIPSIS} when something was cut; the result has at most {@code max} code points. */
    public static String abbreviate(String text, int maxCodePoints) {
        if (maxCodePoints < ELLIPSIS.length()) {
            throw new IllegalArgumentException("maxCodePoints must leave room for " + ELLIPSIS);
        }
        if (!exceeds(text, maxCodePoints)) {
            return text;
        }
        return cut(text, maxCodePoints - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static int graphemeBoundaryAtOrBefore(String text, int offset) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        if (graphemes.isBoundary(offset)) {
            return offset;
        }
        int previous = graphemes.preceding(offset);
        return previous == BreakIterator.DONE ? 0 : previous;
    }
}
