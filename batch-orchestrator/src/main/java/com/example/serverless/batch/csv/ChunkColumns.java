package com.example.serverless.batch.csv;

import java.util.List;

/**
 * The bookkeeping columns the split puts before the input's own columns in every chunk. A reader recognises them
 * by name, so a chunk written before a column was added still reads.
 */
public final class ChunkColumns {

    /** Data-row number in the input (1 = first row after the header). */
    public static final String ROW = "#row";
    /** Input line the row starts on. */
    public static final String LINE = "#line";
    /** Empty, or why the row is not valid UTF-8 (first bad byte and its offset in the file). */
    public static final String INVALID_UTF8 = "#invalidUtf8";
    /** Empty, or the exact bytes of a row that is not valid UTF-8, Base64-encoded. */
    public static final String RAW_BYTES = "#rawBytes";

    public static final List<String> META = List.of(ROW, LINE, INVALID_UTF8, RAW_BYTES);

    private ChunkColumns() {}

    /** How many leading columns of a chunk header are bookkeeping columns. */
    public static int metaCount(List<String> chunkHeader) {
        int count = 0;
        while (count < chunkHeader.size()
                && count < META.size()
                && chunkHeader.get(count).equals(META.get(count))) {
            count++;
        }
        if (count < 2) {
            throw new IllegalArgumentException("not a chunk: the header does not start with " + ROW + "," + LINE);
        }
        return count;
    }
}
