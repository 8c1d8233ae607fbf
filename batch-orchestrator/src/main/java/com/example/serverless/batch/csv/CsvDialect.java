package com.example.serverless.batch.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
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
     * no record object and no list view per row, for the chunk step's hot loop.
     */
    public CsvReader<String[]> arrayReader(InputStream in) {
        return builder(true).build(StringArrayHandler.of(), in, StandardCharsets.UTF_8);
    }

    /**
     * A reader over already decoded text, e.g. a {@link StrictUtf8Reader} (which skips the byte order mark itself).
     */
    public CsvReader<CsvRecord> reader(Reader in) {
        return builder(false).ofCsvRecord(in);
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
        return CsvWriter.builder().fieldSeparator(delimiter).lineDelimiter(LineDelimiter.LF);
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
