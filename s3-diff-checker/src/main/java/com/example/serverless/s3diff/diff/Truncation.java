package com.example.serverless.s3diff.diff;

/** Cuts long text at a character limit without splitting a surrogate pair. */
public final class Truncation {

    private Truncation() {
    }

    public static String cut(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end);
    }

    public static boolean exceeds(String text, int limit) {
        return text != null && text.length() > limit;
    }
}
