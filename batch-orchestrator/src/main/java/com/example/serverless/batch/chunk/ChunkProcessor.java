package com.example.serverless.batch.chunk;

import com.example.serverless.batch.csv.ChunkColumns;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.csv.CsvFields;
import com.example.serverless.batch.csv.TextBuffer;
import com.example.serverless.batch.enrich.DynamoDbReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.run.InvalidInputException;
import com.example.serverless.batch.validation.Columns;
import com.example.serverless.batch.validation.ValidationRules;
import com.example.serverless.common.deadline.Deadline;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Processes one chunk in one pass: parse and validate each row, look up reference data for every
 * {@value #LOOKUP_BATCH} valid rows at once (one BatchGetItem), write the enriched rows (input order, no header)
 * and return the rejected ones. A row whose uuid
 * has no reference data is rejected, never a reason to fail the chunk. A row the split marked as not valid UTF-8
 * is rejected with the split's reason and its exact bytes.
 *
 * <p>Records are read as character ranges ({@link CsvFields}): a row is validated and its fields copied to the
 * output where the parser left them, so a valid row costs one String (its uuid, the lookup key) instead of one
 * per field. At most one lookup batch of rows is held (see {@link Window}).
 */
public final class ChunkProcessor {

    /** Valid rows per reference lookup: one BatchGetItem request's worth of keys. */
    static final int LOOKUP_BATCH = DynamoDbReferenceLookup.BATCH_LIMIT;

    /** Output text collected before it is encoded and handed to the output stream. */
    private static final int OUTPUT_DRAIN_CHARS = 16 * 1024;

    private final CsvDialect dialect;
    private final ReferenceLookup references;
    /** Whether a reference value (digits, '.', '-') can be written as it is: not when it could hold the delimiter. */
    private final boolean plainReferenceValues;

    public ChunkProcessor(CsvDialect dialect, ReferenceLookup references) {
        this.dialect = dialect;
        this.references = references;
        this.plainReferenceValues = "0123456789.-".indexOf(dialect.delimiter()) < 0;
    }

    public Result process(InputStream chunk, OutputStream processed) {
        return process(chunk, processed, Deadline.NONE);
    }

    /** As {@link #process(InputStream, OutputStream)}, checking {@code deadline} before each reference lookup. */
    public Result process(InputStream chunk, OutputStream processed, Deadline deadline) {
        Writer output = new OutputStreamWriter(processed, StandardCharsets.UTF_8);
        Window window;
        try (CsvReader<CsvFields> reader = dialect.fieldsReader(chunk)) {
            Iterator<CsvFields> records = reader.iterator();
            if (!records.hasNext()) {
                throw new InvalidInputException("chunk has no header row");
            }
            List<String> chunkHeader = records.next().list(0);
            int meta = ChunkColumns.metaCount(chunkHeader);
            Columns columns = Columns.ofHeader(chunkHeader.subList(meta, chunkHeader.size()));
            window = new Window(
                    output, meta, meta + columns.index(Columns.UUID), new ValidationRules(columns), deadline);
            while (records.hasNext()) {
                window.add(records.next()); // the record is reused by the reader: add() is done with it on return
            }
            window.flush();
            window.text.drainTo(output);
            output.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(
                window.inputRows,
                window.written,
                List.copyOf(window.rejected),
                window.inputRows == 0 ? 0 : window.firstRow,
                window.inputRows == 0 ? -1 : window.lastRow);
    }

    /**
     * Rows read but not yet written, up to one lookup batch of valid rows. A valid row's input fields are written
     * as CSV into {@link #staged} as soon as the row is parsed, while its characters are still in the CPU cache;
     * once the batch's lookup is answered, each found row's staged text is copied out and its reference values
     * appended. The chunk step's memory is bounded by the batch, not the chunk. Rows leave in input order.
     */
    private final class Window {
        private final Writer output;
        private final int meta;
        private final int uuidColumn;
        private final ValidationRules rules;
        private final TextBuffer staged = new TextBuffer(16 * 1024); // ~100 rows; grows for longer ones
        final TextBuffer text = new TextBuffer(OUTPUT_DRAIN_CHARS + 8 * 1024);
        private final List<Row> rows = new ArrayList<>(LOOKUP_BATCH * 2);
        private final List<String> wanted = new ArrayList<>(LOOKUP_BATCH);
        final List<RejectedRow> rejected = new ArrayList<>();
        int inputRows;
        int written;
        long firstRow = Long.MAX_VALUE;
        long lastRow = Long.MIN_VALUE;

        private final Deadline deadline;

        Window(Writer output, int meta, int uuidColumn, ValidationRules rules, Deadline deadline) {
            this.output = output;
            this.meta = meta;
            this.uuidColumn = uuidColumn;
            this.rules = rules;
            this.deadline = deadline;
        }

        void add(CsvFields record) throws IOException {
            Row row = new Row(record.parseLong(0), record.parseLong(1));
            inputRows++;
            firstRow = Math.min(firstRow, row.rowNumber);
            lastRow = Math.max(lastRow, row.rowNumber);
            rows.add(row);
            if (meta > 2 && !record.isEmpty(2)) {
                // not valid UTF-8 in the input: an error row, never validated or enriched
                row.reject(
                        record.get(2),
                        dialect.line(record.list(meta)),
                        Base64.getDecoder().decode(record.get(3)));
                return;
            }
            String violation = rules.check(record, meta);
            if (violation != null) {
                row.reject(violation, dialect.line(record.list(meta)), null);
                return;
            }
            // a valid row has exactly the header's field count (a rule), so the uuid column is there
            int uuidStart = record.start(uuidColumn);
            int uuidEnd = record.end(uuidColumn);
            if (ReferenceRecord.isKey(record.chars(), uuidStart, uuidEnd)) { // the usual case: one String
                row.key = new String(record.chars(), uuidStart, uuidEnd - uuidStart);
                row.uuid = row.key;
            } else {
                row.uuid = record.get(uuidColumn).strip();
                row.key = ReferenceRecord.key(row.uuid);
            }
            row.textStart = staged.length();
            dialect.appendLine(record, meta, staged);
            row.textEnd = staged.length();
            wanted.add(row.key);
            if (wanted.size() == LOOKUP_BATCH) {
                flush();
            }
        }

        void flush() throws IOException {
            deadline.check("chunk rows");
            Map<String, ReferenceRecord> found = wanted.isEmpty() ? Map.of() : references.find(wanted);
            for (Row row : rows) {
                if (row.violation != null) {
                    rejected.add(row.rejected());
                    continue;
                }
                ReferenceRecord reference = found.get(row.key);
                if (reference == null) {
                    String line = new String(staged.chars(), row.textStart, row.textEnd - row.textStart);
                    row.reject("no reference data for uuid " + row.uuid, line, null);
                    rejected.add(row.rejected());
                    continue;
                }
                text.write(staged.chars(), row.textStart, row.textEnd - row.textStart);
                appendReference(reference, text);
                text.write('\n');
                written++;
            }
            rows.clear();
            wanted.clear();
            staged.clear();
            if (text.length() >= OUTPUT_DRAIN_CHARS) {
                text.drainTo(output);
            }
        }
    }

    /**
     * Appends the six reference values, each after a delimiter. They are canonical decimals ({@link ReferenceRecord}):
     * only digits, '.' and '-', never a quote or line break, so they need quotes only with a delimiter among those
     * characters, and then FastCSV quotes them.
     */
    private void appendReference(ReferenceRecord reference, TextBuffer text) {
        if (plainReferenceValues) {
            char delimiter = dialect.delimiter();
            text.write(delimiter);
            text.write(reference.unitsSold());
            text.write(delimiter);
            text.write(reference.unitPrice());
            text.write(delimiter);
            text.write(reference.unitCost());
            text.write(delimiter);
            text.write(reference.totalRevenue());
            text.write(delimiter);
            text.write(reference.totalCost());
            text.write(delimiter);
            text.write(reference.totalProfit());
        } else {
            text.write(dialect.delimiter());
            text.write(dialect.line(reference.values()));
        }
    }

    /**
     * Counts of one chunk and the rows it rejected; {@code firstRow..lastRow} is the chunk's data-row range
     * (empty, first &gt; last, for a chunk without rows).
     */
    public record Result(int inputRows, int outputRows, List<RejectedRow> rejected, long firstRow, long lastRow) {}

    /** A row between reading and writing: where its text is staged, or why it is rejected. */
    private static final class Row {
        final long rowNumber;
        final long lineNumber;
        int textStart;
        int textEnd;
        /** As written, without surrounding white space: a rejection quotes it. */
        String uuid;

        String key;
        String violation;
        String line;
        byte[] rawBytes;

        Row(long rowNumber, long lineNumber) {
            this.rowNumber = rowNumber;
            this.lineNumber = lineNumber;
        }

        void reject(String reason, String rawLine, byte[] bytes) {
            violation = reason;
            line = rawLine;
            rawBytes = bytes;
        }

        RejectedRow rejected() {
            return new RejectedRow(rowNumber, lineNumber, violation, line, rawBytes);
        }
    }
}
