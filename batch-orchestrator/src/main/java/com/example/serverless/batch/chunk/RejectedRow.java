package com.example.serverless.batch.chunk;

/**
 * A row that will not be in the output, and why.
 *
 * @param rowNumber data-row number in the input (1 = first row after the header)
 * @param lineNumber the input line the row starts on
 * @param rawLine the row's fields written back as one CSV line in the input's dialect
 */
public record RejectedRow(long rowNumber, long lineNumber, String reason, String rawLine) {
}
