package com.example.serverless.s3diff.s3;

import java.util.List;

/** The outcome of reading one version as text: its lines, or why it is not text. */
public sealed interface TextLoad {

    /** Valid UTF-8 without NUL bytes, split into lines (terminators removed). */
    record Text(List<String> lines) implements TextLoad {
        public Text {
            lines = List.copyOf(lines);
        }
    }

    /** More lines than the cap; reading stopped at the first line past it. */
    record TooManyLines(int maxLines) implements TextLoad {}

    /** Binary or undecodable content; reading stopped at the first offending byte. */
    record NotText(String reason) implements TextLoad {}
}
