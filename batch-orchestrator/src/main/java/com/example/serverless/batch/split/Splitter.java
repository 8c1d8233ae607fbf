package com.example.serverless.batch.split;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.InvalidInputException;
import com.example.serverless.batch.validation.Columns;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Streams an input CSV into chunks of at most {@code chunkSize} data rows, holding one chunk in memory at a time.
 * Each chunk is a CSV document of its own whose header is {@code #row,#line,<input header>}: every record keeps
 * its data-row number (1 = first row after the header) and the input line it started on, so an error row can be
 * found in the original file. Field values pass through untouched (quoted delimiters, quotes and line breaks are
 * re-quoted by the writer). Blank lines are skipped and not counted.
 */
public final class Splitter {

    static final String ROW_COLUMN = "#row";
    static final String LINE_COLUMN = "#line";

    /**
     * The main workflow maps over chunks inline; each chunk costs about 8 execution history events against Step
     * Functions' 25,000-event limit, so more than about 2,500 chunks would fail the run late instead of now.
     */
    public static final int DEFAULT_MAX_CHUNKS = 2_500;

    private final CsvDialect dialect;
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
        this.chunkSize = chunkSize;
        this.maxChunks = maxChunks;
    }

    /**
     * @throws InvalidInputException when the input has no header row, lacks a required column, or its quoting
     *                               is broken (an unclosed quote makes every later row boundary a guess), or
     *                               it would need more than {@code maxChunks} chunks (checked before the
     *                               chunk past the limit is started, so no further chunk is written)
     */
    public SplitOutcome split(InputStream input, ChunkSink sink) {
        try (CsvReader<CsvRecord> reader = dialect.reader(input)) {
            Iterator<CsvRecord> records = reader.iterator();
            if (!records.hasNext()) {
                throw new InvalidInputException("the file is empty: a header row is required");
            }
            List<String> header = records.next().getFields();
            try {
                Columns.ofHeader(header);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the header row is not usable: " + e.getMessage());
            }
            List<String> chunkHeader = new ArrayList<>(header.size() + 2);
            chunkHeader.add(ROW_COLUMN);
            chunkHeader.add(LINE_COLUMN);
            chunkHeader.addAll(header);

            List<Integer> chunkRows = new ArrayList<>();
            long rowNumber = 0;
            ChunkBuffer buffer = null;
            while (records.hasNext()) {
                CsvRecord record = records.next();
                if (buffer == null) {
                    if (chunkRows.size() == maxChunks) {
                        throw tooManyChunks();
                    }
                    buffer = new ChunkBuffer(chunkHeader);
                }
                rowNumber++;
                buffer.add(rowNumber, record);
                if (buffer.rows == chunkSize) {
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

    private InvalidInputException tooManyChunks() {
        return new InvalidInputException(("the file has more than %d data rows, which would need more than %d chunks"
                + " of %d rows (the limit keeps a run within Step Functions' execution history): raise the"
                + " FileChunkSize parameter to at least ceil(rows / %d), or split the file")
                .formatted((long) maxChunks * chunkSize, maxChunks, chunkSize, maxChunks));
    }

    private final class ChunkBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        private final CsvWriter writer = dialect.writer(bytes);
        private final List<String> row = new ArrayList<>();
        private int rows;

        ChunkBuffer(List<String> chunkHeader) {
            writer.writeRecord(chunkHeader);
        }

        void add(long rowNumber, CsvRecord record) {
            row.clear();
            row.add(Long.toString(rowNumber));
            row.add(Long.toString(record.getStartingLineNumber()));
            row.addAll(record.getFields());
            writer.writeRecord(row);
            rows++;
        }

        int flushTo(ChunkSink sink, int part) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sink.accept(part, bytes.toByteArray(), rows);
            return rows;
        }
    }
}
