package com.example.serverless.batch.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.StringArrayHandler;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How the suite reads and writes CSV (RFC 4180 through FastCSV): one configurable delimiter, double quotes,
 * fields with delimiters, quotes and line breaks, an optional UTF-8 BOM, CRLF or LF, blank lines skipped.
 * Records with more or fewer fields than the header are read as they are (validation reports them as error rows
 * instead of failing the whole file). Output always uses LF line ends and quotes only where needed.
 */
public record CsvDialect(char delimiter) {

    public CsvDialect {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    public static final CsvDialect COMMA = new CsvDialect(',');

    /** The template's {@code FileDelimiter}: one character, or {@code \t} / {@code tab} for a tab. */
    public static CsvDialect fromParameter(String value) {
        if (value == null || value.isEmpty()) {
            return COMMA;
        }
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            return new CsvDialect('\t');
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException("FileDelimiter must be a single character, got '" + value + "'");
        }
        return new CsvDialect(value.charAt(0));
    }

    public CsvReader<CsvRecord> reader(InputStream in) {
        return builder(true).ofCsvRecord(in, StandardCharsets.UTF_8);
    }

    /**
     * Like {@link #reader(InputStream)}, but each record is a plain {@code String[]} (FastCSV's array handler):
     * no record object and no list view per row. FastCSV's fastest way to strings, so the benchmark's FastCSV-only
     * baseline reads with it; the hot loops use {@link #fieldsReader(InputStream)}, which makes no strings.
     */
    public CsvReader<String[]> arrayReader(InputStream in) {
        return builder(true).build(StringArrayHandler.of(), in, StandardCharsets.UTF_8);
    }

    /**
     * Like {@link #arrayReader(InputStream)}, but the fields stay characters in one reused {@link CsvFields}: valid
     * until the next record is read (take a record with {@code next()} and finish with it before {@code hasNext()}).
     * Same limits as FastCSV's own handlers: {@value #MAX_FIELDS} fields, {@value #MAX_FIELD_CHARS} characters per
     * field, {@value #MAX_RECORD_CHARS} per record.
     */
    public CsvReader<CsvFields> fieldsReader(InputStream in) {
        return builder(true).build(new FieldsHandler(), in, StandardCharsets.UTF_8);
    }

    static final int MAX_FIELDS = 16_384;
    static final int MAX_FIELD_CHARS = 16 * 1024 * 1024;
    static final int MAX_RECORD_CHARS = 4 * MAX_FIELD_CHARS;

    /** Copies each field's characters into one {@link CsvFields}, which every record reuses. */
    private static final class FieldsHandler extends AbstractBaseCsvCallbackHandler<CsvFields> {
        private final CsvFields record = new CsvFields();

        @Override
        protected void handleBegin(long startingLineNumber) {
            record.clear(startingLineNumber);
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            if (fieldIdx == MAX_FIELDS) {
                throw new CsvParseException("Record starting at line %d has surpassed the maximum limit of %d fields"
                        .formatted(getStartingLineNumber(), MAX_FIELDS));
            }
            if (len > MAX_FIELD_CHARS || record.charCount() + len > MAX_RECORD_CHARS) {
                throw new CsvParseException(("Field at index %d in record starting at line %d exceeds the max field"
                                + " size of %d or record size of %d characters")
                        .formatted(fieldIdx, getStartingLineNumber(), MAX_FIELD_CHARS, MAX_RECORD_CHARS));
            }
            record.add(buf, offset, len, quoted);
        }

        @Override
        protected void handleEmpty() {
            record.add(NO_CHARS, 0, 0, false); // an empty line is one empty field, as FastCSV's own handlers read it
        }

        private static final char[] NO_CHARS = new char[0];

        @Override
        protected CsvFields buildRecord() {
            return record;
        }
    }

    /**
     * A reader over already decoded text, e.g. a {@link StrictUtf8Reader} (which skips the byte order mark itself).
     */
    public CsvReader<CsvRecord> reader(Reader in) {
        return builder(false).ofCsvRecord(in);
    }

    /** {@link #fieldsReader(InputStream)} over already decoded text, as {@link #reader(Reader)}. */
    public CsvReader<CsvFields> fieldsReader(Reader in) {
        return builder(false).build(new FieldsHandler(), in);
    }

    /**
     * The number of records (blank lines not counted) in a CSV document, read with the same rules as every other
     * reader but without turning fields into strings: the merge counts each processed chunk's rows this way.
     *
     * @throws de.siegmar.fastcsv.reader.CsvParseException when the document is not valid CSV
     */
    public long countRecords(InputStream in) {
        try (CsvReader<Boolean> reader = builder(true).build(new RecordCounter(), in, StandardCharsets.UTF_8)) {
            return reader.stream().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sees each record's fields as character ranges and keeps none of them. */
    private static final class RecordCounter extends AbstractBaseCsvCallbackHandler<Boolean> {
        @Override
        protected Boolean buildRecord() {
            return Boolean.TRUE;
        }
    }

    /** The one reading policy of every reader: this delimiter, empty lines skipped, ragged rows kept for validation. */
    private CsvReader.CsvReaderBuilder builder(boolean detectBomHeader) {
        return CsvReader.builder()
                .fieldSeparator(delimiter)
                .detectBomHeader(detectBomHeader)
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowUnclosedQuote(false);
    }

    public CsvWriter writer(OutputStream out) {
        return writerBuilder().build(out, StandardCharsets.UTF_8);
    }

    /**
     * A writer without a buffer of its own over an in-memory {@link Writer}: each record is in {@code out} as soon as
     * it is written, so its length can be read after every record.
     */
    public CsvWriter unbufferedWriter(Writer out) {
        return writerBuilder().bufferSize(0).build(out);
    }

    /** The one writing policy: this delimiter, LF line ends, quotes only where needed. */
    private CsvWriter.CsvWriterBuilder writerBuilder() {
        return CsvWriter.builder()
                .fieldSeparator(delimiter)
                .commentCharacter(commentCharacter())
                .lineDelimiter(LineDelimiter.LF);
    }

    /**
     * The character FastCSV's writer keeps from starting a line (it quotes a first field that starts with it). We
     * write no comments and read none, but the writer refuses a delimiter equal to it: so '#', its default, unless
     * '#' is the delimiter.
     */
    char commentCharacter() {
        return delimiter == '#' ? ';' : '#';
    }

    /**
     * Appends fields {@code from..} of {@code record} as one line of this dialect, without a line end: the same
     * characters {@link #line(List)} gives for those fields (CsvFieldsTest compares both on random fields), without
     * a String per field. The rule is FastCSV's writer's: an empty field is written as nothing; a field is quoted,
     * its quotes doubled, when it holds a quote, the delimiter, CR or LF, or (the line's first field) starts with
     * {@link #commentCharacter()} (so that no reader takes the line for a comment).
     */
    public void appendLine(CsvFields record, int from, TextBuffer out) {
        if (from < record.size()) {
            appendField(record, from, true, out);
            appendFields(record, from + 1, out);
        }
    }

    /**
     * Appends fields {@code from..} of {@code record}, each after a delimiter, to a line already started: as
     * {@link #appendLine}, but none of them is the line's first field.
     */
    public void appendFields(CsvFields record, int from, TextBuffer out) {
        for (int field = from; field < record.size(); field++) {
            out.write(delimiter);
            appendField(record, field, false, out);
        }
    }

    private void appendField(CsvFields record, int field, boolean firstField, TextBuffer out) {
        char[] chars = record.chars();
        int start = record.start(field);
        int end = record.end(field);
        if (start == end) {
            return;
        }
        if (needsQuotes(chars, start, end, firstField, record.wasQuoted(field))) {
            out.write('"');
            int run = start;
            for (int i = start; i < end; i++) {
                if (chars[i] == '"') {
                    out.write(chars, run, i + 1 - run);
                    out.write('"');
                    run = i + 1;
                }
            }
            out.write(chars, run, end - run);
            out.write('"');
        } else {
            out.write(chars, start, end - start);
        }
    }

    private boolean needsQuotes(char[] chars, int start, int end, boolean firstField, boolean wasQuoted) {
        if (firstField && chars[start] == commentCharacter()) {
            return true;
        }
        // read unquoted, it holds no delimiter and no line break (either would have ended it): only a quote
        if (!wasQuoted) {
            for (int i = start; i < end; i++) {
                if (chars[i] == '"') {
                    return true;
                }
            }
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c == '"' || c == delimiter || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** One record as a line of this dialect (no line end): how an error row's raw line is kept. */
    public String line(List<String> fields) {
        StringWriter text = new StringWriter();
        try (CsvWriter writer = writerBuilder().build(text)) {
            writer.writeRecord(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = text.toString();
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }
}
