package com.example.serverless.batch.csv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One CSV record's field values (unquoted, as read) as character ranges in one buffer: field {@code i} is
 * {@code chars()[start(i), end(i))}. A reader from {@link CsvDialect#fieldsReader} fills the same instance for
 * every record, so a record is valid only until the next one is read; nothing is allocated per field. This is
 * what lets the chunk step validate a row and copy it to the output without making a String of every field and
 * writing it again through FastCSV's writer (see the batch README's "Benchmark" for what that saves).
 */
public final class CsvFields {

    private char[] chars;
    private int[] ends;
    private boolean[] quoted;
    private int size;
    private long startingLine;

    CsvFields() {
        this.chars = new char[512];
        this.ends = new int[32];
        this.quoted = new boolean[32];
    }

    /** A record holding {@code values}, e.g. for code that has a row as strings. */
    public static CsvFields of(List<String> values) {
        CsvFields fields = new CsvFields();
        for (String value : values) {
            char[] text = value.toCharArray();
            fields.add(text, 0, text.length, true); // unknown: treated as possibly holding anything
        }
        return fields;
    }

    void clear(long startingLineNumber) {
        size = 0;
        startingLine = startingLineNumber;
    }

    /** The line the record starts on (1 = the document's first line), as FastCSV counts it. */
    public long startingLineNumber() {
        return startingLine;
    }

    void add(char[] source, int offset, int length, boolean wasQuoted) {
        int start = size == 0 ? 0 : ends[size - 1];
        if (start + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, start + length));
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            quoted = Arrays.copyOf(quoted, size * 2);
        }
        System.arraycopy(source, offset, chars, start, length);
        quoted[size] = wasQuoted;
        ends[size++] = start + length;
    }

    /** The characters of all fields together (no delimiters, no quotes). */
    public int charCount() {
        return size == 0 ? 0 : ends[size - 1];
    }

    public int size() {
        return size;
    }

    /** The buffer holding every field's characters; read only. */
    public char[] chars() {
        return chars;
    }

    public int start(int field) {
        Objects.checkIndex(field, size);
        return field == 0 ? 0 : ends[field - 1];
    }

    public int end(int field) {
        Objects.checkIndex(field, size);
        return ends[field];
    }

    /**
     * Whether the field was quoted where it was read. One that was not holds neither the delimiter nor a line
     * break (either would have ended it); it can still hold a quote (FastCSV reads {@code 12" Pizza} as it is).
     */
    public boolean wasQuoted(int field) {
        Objects.checkIndex(field, size);
        return quoted[field];
    }

    public boolean isEmpty(int field) {
        return start(field) == end(field);
    }

    public String get(int field) {
        int start = start(field);
        return new String(chars, start, end(field) - start);
    }

    /** Fields {@code from..size()-1} as strings. */
    public List<String> list(int from) {
        String[] values = new String[size - from];
        for (int i = from; i < size; i++) {
            values[i - from] = get(i);
        }
        return Arrays.asList(values);
    }

    /**
     * The field as a non-negative decimal number (ASCII digits only, as the split writes its bookkeeping columns).
     *
     * @throws NumberFormatException when it is empty, holds anything else or exceeds 18 digits
     */
    public long parseLong(int field) {
        int start = start(field);
        int end = end(field);
        if (start == end || end - start > 18) {
            throw new NumberFormatException("not a row or line number: '" + get(field) + "'");
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a row or line number: '" + get(field) + "'");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public String toString() {
        return list(0).toString();
    }
}
