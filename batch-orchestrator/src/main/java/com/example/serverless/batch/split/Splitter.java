package com.example.serverless.batch.split;

import com.example.serverless.batch.csv.ChunkColumns;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.csv.CsvFields;
import com.example.serverless.batch.csv.StrictUtf8Reader;
import com.example.serverless.batch.csv.TextBuffer;
import com.example.serverless.batch.run.InvalidInputException;
import com.example.serverless.batch.validation.Columns;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * Streams an input CSV into chunks of {@code chunkSize} data rows (more for a big file, see
 * {@link #split(InputStream, long, ChunkSink)}), holding one chunk in memory at a time.
 * Each chunk is a CSV document of its own whose header is {@code #row,#line,#invalidUtf8,#rawBytes,<input header>}: every record keeps
 * its data-row number (1 = first row after the header) and the input line it started on, so an error row can be
 * found in the original file. Field values pass through untouched (quoted delimiters, quotes and line breaks are
 * quoted again by the dialect's rule). Blank lines are skipped and not counted.
 *
 * <p>Encoding: the input is decoded as strict UTF-8 ({@link StrictUtf8Reader}); nothing is ever replaced. A data
 * row holding bytes that are not UTF-8 (a damaged file, or a file saved as Latin-1 / Windows-1252) is passed on
 * marked: {@code #invalidUtf8} names the first bad byte and its offset in the file, {@code #rawBytes} holds the
 * row's exact bytes (Base64), and its fields carry U+FFFD for reading only; the chunk makes it an error row. A
 * header that is not UTF-8 fails the run up front, naming the line and offset. Valid rows are not touched.
 */
public final class Splitter {

    static final String ROW_COLUMN = ChunkColumns.ROW;
    static final String LINE_COLUMN = ChunkColumns.LINE;

    /**
     * The main workflow maps over chunks inline; each chunk costs about 8 execution history events against Step
     * Functions' 25,000-event limit, so a run keeps to 2,500 chunks (bigger files get bigger chunks instead).
     */
    public static final int DEFAULT_MAX_CHUNKS = 2_500;

    /** Chunk text collected before it is encoded to UTF-8. */
    private static final int TEXT_DRAIN_CHARS = 16 * 1024;

    private final CsvDialect dialect;
    private final char delimiter;
    /** Whether the row and line numbers must be quoted: with a digit as the delimiter. */
    private final boolean digitDelimiter;

    private final int chunkSize;
    private final int maxChunks;

    public Splitter(CsvDialect dialect, int chunkSize) {
        this(dialect, chunkSize, DEFAULT_MAX_CHUNKS);
    }

    public Splitter(CsvDialect dialect, int chunkSize, int maxChunks) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
        }
        if (maxChunks < 1) {
            throw new IllegalArgumentException("max chunks must be at least 1, got " + maxChunks);
        }
        this.dialect = dialect;
        this.delimiter = dialect.delimiter();
        this.digitDelimiter = delimiter >= '0' && delimiter <= '9';
        this.chunkSize = chunkSize;
        this.maxChunks = maxChunks;
    }

    /** {@link #split(InputStream, long, ChunkSink)} for an input of unknown size: chunks of exactly chunkSize rows. */
    public SplitOutcome split(InputStream input, ChunkSink sink) {
        return split(input, UNKNOWN_SIZE, sink);
    }

    /** Pass as {@code inputBytes} when the size is not known: no adaptation, the chunk limit may then fail the run. */
    public static final long UNKNOWN_SIZE = -1;

    /**
     * Splits the input, adapting the chunk size to it: a chunk holds at least {@code chunkSize} rows and, when
     * {@code inputBytes} is known, at least {@code ceil(inputBytes / maxChunks)} "row weight" (for each row, its
     * fields' UTF-16 lengths plus one per field). A row's weight never exceeds the bytes it occupies in the input
     * (a character takes at least one UTF-8 byte; each field is followed by a delimiter or a line end, and quotes
     * only add bytes), so every chunk but the last covers at least {@code inputBytes / maxChunks} bytes and a file
     * of any size needs at most {@code maxChunks} chunks. Small files keep chunks of exactly {@code chunkSize}
     * rows; a bigger file gets proportionally bigger chunks, each about {@code inputBytes / maxChunks} bytes.
     *
     * @param inputBytes the input's size in bytes (S3's Content-Length), or {@link #UNKNOWN_SIZE}
     * @throws InvalidInputException when the input has no header row, lacks a required column, or its quoting
     *                               is broken (an unclosed quote makes every later row boundary a guess), or
     *                               (size unknown only) it would need more than {@code maxChunks} chunks
     *                               (checked before the chunk past the limit is started)
     */
    public SplitOutcome split(InputStream input, long inputBytes, ChunkSink sink) {
        long minWeight = inputBytes <= 0 ? 0 : (inputBytes + maxChunks - 1) / maxChunks;
        StrictUtf8Reader text = new StrictUtf8Reader(input);
        try (CsvReader<CsvFields> reader = dialect.fieldsReader(text)) {
            Iterator<CsvFields> records = reader.iterator();
            if (!records.hasNext()) {
                throw new InvalidInputException("the file is empty: a header row is required");
            }
            CsvFields headerRecord = records.next();
            List<String> header = headerRecord.list(0);
            if (header.stream().anyMatch(StrictUtf8Reader::hasEscapes)) {
                StrictUtf8Reader.BadByte bad = text.firstBadByteFrom(headerRecord.startingLineNumber());
                throw new InvalidInputException(("the header row (line %d) is not valid UTF-8: %s. Save the file as"
                                + " UTF-8 (it looks like another encoding, e.g. Latin-1 or Windows-1252) and upload it again")
                        .formatted(headerRecord.startingLineNumber(), describe(bad)));
            }
            try {
                Columns.ofHeader(header);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the header row is not usable: " + e.getMessage());
            }
            List<String> chunkHeader = new ArrayList<>(header.size() + 2);
            chunkHeader.addAll(ChunkColumns.META);
            chunkHeader.addAll(header);

            List<Integer> chunkRows = new ArrayList<>();
            long rowNumber = 0;
            ChunkBuffer buffer = null;
            while (records.hasNext()) {
                CsvFields record = records.next(); // reused by the reader: add() is done with it on return
                if (buffer == null) {
                    if (chunkRows.size() == maxChunks) {
                        throw tooManyChunks();
                    }
                    buffer = new ChunkBuffer(chunkHeader);
                }
                rowNumber++;
                buffer.add(rowNumber, record, text);
                if (buffer.rows >= chunkSize && buffer.weight >= minWeight) {
                    chunkRows.add(buffer.flushTo(sink, chunkRows.size() + 1));
                    buffer = null;
                }
            }
            if (buffer != null) {
                chunkRows.add(buffer.flushTo(sink, chunkRows.size() + 1));
            }
            return new SplitOutcome(header.stream().map(String::strip).toList(), rowNumber, List.copyOf(chunkRows));
        } catch (CsvParseException e) {
            throw new InvalidInputException("the file is not valid CSV: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the input failed", e);
        }
    }

    private static String describe(StrictUtf8Reader.BadByte bad) {
        return bad == null
                ? "undecodable bytes"
                : "byte 0x%02X at byte offset %d of the file".formatted(bad.value(), bad.offset());
    }

    private InvalidInputException tooManyChunks() {
        return new InvalidInputException(("the file has more than %d data rows, which would need more than %d chunks"
                        + " of %d rows (the limit keeps a run within Step Functions' execution history): raise the"
                        + " FileChunkSize parameter to at least ceil(rows / %d), or split the file")
                .formatted((long) maxChunks * chunkSize, maxChunks, chunkSize, maxChunks));
    }

    /**
     * One chunk being written. A row's fields go from the reader's buffer to the chunk's text as they are (quoted
     * where the dialect needs it, {@link CsvDialect#appendFields}); only a row that is not valid UTF-8 is turned
     * into strings, to be described and kept as bytes.
     */
    private final class ChunkBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        private final Writer encoder = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        private final TextBuffer text = new TextBuffer(TEXT_DRAIN_CHARS + 8 * 1024);
        private int rows;
        private long weight;

        ChunkBuffer(List<String> chunkHeader) {
            text.write(dialect.line(chunkHeader));
            text.write('\n');
        }

        void add(long rowNumber, CsvFields record, StrictUtf8Reader input) throws IOException {
            long line = record.startingLineNumber();
            // every escaped byte is recorded by the reader, so a row can only hold one if one is recorded from
            // its first line on: the common case skips the scan of every character
            if (input.firstBadByteFrom(line) != null && hasEscapes(record)) {
                addNotUtf8(rowNumber, line, record.list(0), input.firstBadByteFrom(line));
            } else {
                appendNumbers(rowNumber, line);
                text.write(delimiter); // #invalidUtf8: empty
                text.write(delimiter); // #rawBytes: empty
                dialect.appendFields(record, 0, text);
                text.write('\n');
            }
            rows++;
            weight += record.size() + record.charCount();
            if (text.length() >= TEXT_DRAIN_CHARS) {
                text.drainTo(encoder);
            }
        }

        /** "#row,#line": digits, which need quotes only when the delimiter is a digit. */
        private void appendNumbers(long rowNumber, long line) {
            if (digitDelimiter) {
                text.write(dialect.line(List.of(Long.toString(rowNumber), Long.toString(line))));
            } else {
                text.write(Long.toString(rowNumber));
                text.write(delimiter);
                text.write(Long.toString(line));
            }
        }

        private void addNotUtf8(long rowNumber, long line, List<String> fields, StrictUtf8Reader.BadByte bad) {
            List<String> row = new ArrayList<>(ChunkColumns.META.size() + fields.size());
            row.add(Long.toString(rowNumber));
            row.add(Long.toString(line));
            row.add("not valid UTF-8: " + describe(bad) + "; the row's exact bytes are kept in rawBytes."
                    + " Save the file as UTF-8 and upload it again");
            row.add(Base64.getEncoder().encodeToString(StrictUtf8Reader.bytes(dialect.line(fields))));
            for (String field : fields) {
                row.add(StrictUtf8Reader.forDisplay(field));
            }
            text.write(dialect.line(row));
            text.write('\n');
        }

        private static boolean hasEscapes(CsvFields record) {
            for (int i = 0; i < record.size(); i++) {
                if (StrictUtf8Reader.hasEscapes(record.get(i))) {
                    return true;
                }
            }
            return false;
        }

        int flushTo(ChunkSink sink, int part) {
            try {
                text.drainTo(encoder);
                encoder.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sink.accept(part, bytes.toByteArray(), rows);
            return rows;
        }
    }
}
