package com.example.serverless.batch.chunk;

import java.util.Arrays;
import java.util.Objects;

/**
 * A row that will not be in the output, and why.
 *
 * @param rowNumber data-row number in the input (1 = first row after the header)
 * @param lineNumber the input line the row starts on
 * @param rawLine the row's fields written back as one CSV line in the input's dialect (for a row that is not
 *                valid UTF-8: the same with U+FFFD where the undecodable bytes were, for reading only)
 * @param rawBytes null for a row that is valid UTF-8; else the row's exact bytes as one line of the input
 *                 (nothing is lost: these are the bytes the file holds)
 */
public record RejectedRow(long rowNumber, long lineNumber, String reason, String rawLine, byte[] rawBytes) {

    public RejectedRow(long rowNumber, long lineNumber, String reason, String rawLine) {
        this(rowNumber, lineNumber, reason, rawLine, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RejectedRow that
                && rowNumber == that.rowNumber
                && lineNumber == that.lineNumber
                && reason.equals(that.reason)
                && rawLine.equals(that.rawLine)
                && Arrays.equals(rawBytes, that.rawBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowNumber, lineNumber, reason, rawLine, Arrays.hashCode(rawBytes));
    }

    @Override
    public String toString() {
        return "RejectedRow[row " + rowNumber + ", line " + lineNumber + ": " + reason + "]";
    }
}
