package com.example.serverless.batch.chunk;

import com.example.serverless.batch.csv.ChunkColumns;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.DynamoDbReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.run.InvalidInputException;
import com.example.serverless.batch.validation.Columns;
import com.example.serverless.batch.validation.ValidationRules;
import com.example.serverless.common.deadline.Deadline;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Records are read as plain {@code String[]} (FastCSV's array handler), validated as they are read, and written
 * once their lookup batch is answered, so at most one batch of rows is held (see {@link Window}).
 */
public final class ChunkProcessor {

    /** Valid rows per reference lookup: one BatchGetItem request's worth of keys. */
    static final int LOOKUP_BATCH = DynamoDbReferenceLookup.BATCH_LIMIT;

    private final CsvDialect dialect;
    private final ReferenceLookup references;

    public ChunkProcessor(CsvDialect dialect, ReferenceLookup references) {
        this.dialect = dialect;
        this.references = references;
    }

    public Result process(InputStream chunk, OutputStream processed) {
        return process(chunk, processed, Deadline.NONE);
    }

    /** As {@link #process(InputStream, OutputStream)}, checking {@code deadline} before each reference lookup. */
    public Result process(InputStream chunk, OutputStream processed, Deadline deadline) {
        CsvWriter writer = dialect.writer(processed);
        Window window;
        try (CsvReader<String[]> reader = dialect.arrayReader(chunk)) {
            Iterator<String[]> records = reader.iterator();
            if (!records.hasNext()) {
                throw new InvalidInputException("chunk has no header row");
            }
            List<String> chunkHeader = Arrays.asList(records.next());
            int meta = ChunkColumns.metaCount(chunkHeader);
            Columns columns = Columns.ofHeader(chunkHeader.subList(meta, chunkHeader.size()));
            ValidationRules rules = new ValidationRules(columns);
            window = new Window(writer, meta, meta + columns.index(Columns.UUID), columns.size(), deadline);
            while (records.hasNext()) {
                String[] record = records.next();
                Row row = new Row(record, meta);
                if (meta > 2 && !record[2].isEmpty()) {
                    // not valid UTF-8 in the input: an error row, never validated or enriched
                    row.violation = record[2];
                    row.rawBytes = Base64.getDecoder().decode(record[3]);
                } else {
                    row.violation = rules.check(record, meta);
                }
                window.add(row);
            }
            window.flush();
            writer.flush();
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
     * Rows read but not yet written, up to one lookup batch of valid rows. Writing a row soon after it was parsed
     * finds its text still in the CPU cache (holding the whole chunk for one lookup made writing the slowest
     * step), and keeps the chunk step's memory bounded by the batch, not the chunk. Rows leave in input order.
     */
    private final class Window {
        private final CsvWriter writer;
        private final int meta;
        private final int uuidColumn;
        private final String[] out;
        private final List<Row> rows = new ArrayList<>(LOOKUP_BATCH * 2);
        private final List<String> wanted = new ArrayList<>(LOOKUP_BATCH);
        final List<RejectedRow> rejected = new ArrayList<>();
        int inputRows;
        int written;
        long firstRow = Long.MAX_VALUE;
        long lastRow = Long.MIN_VALUE;

        private final Deadline deadline;

        Window(CsvWriter writer, int meta, int uuidColumn, int inputColumns, Deadline deadline) {
            this.deadline = deadline;
            this.writer = writer;
            this.meta = meta;
            this.uuidColumn = uuidColumn;
            this.out = new String[inputColumns + Columns.REFERENCE.size()];
        }

        void add(Row row) {
            inputRows++;
            firstRow = Math.min(firstRow, row.rowNumber);
            lastRow = Math.max(lastRow, row.rowNumber);
            rows.add(row);
            if (row.violation == null) {
                row.key = ReferenceRecord.key(row.record[uuidColumn]);
                wanted.add(row.key);
                if (wanted.size() == LOOKUP_BATCH) {
                    flush();
                }
            }
        }

        void flush() {
            deadline.check("chunk rows");
            Map<String, ReferenceRecord> found = wanted.isEmpty() ? Map.of() : references.find(wanted);
            for (Row row : rows) {
                if (row.violation != null) {
                    rejected.add(row.rejected(row.violation));
                    continue;
                }
                ReferenceRecord reference = found.get(row.key);
                if (reference == null) {
                    rejected.add(row.rejected("no reference data for uuid " + row.record[uuidColumn].strip()));
                    continue;
                }
                int n = row.record.length - meta;
                System.arraycopy(row.record, meta, out, 0, n);
                out[n] = reference.unitsSold();
                out[n + 1] = reference.unitPrice();
                out[n + 2] = reference.unitCost();
                out[n + 3] = reference.totalRevenue();
                out[n + 4] = reference.totalCost();
                out[n + 5] = reference.totalProfit();
                writer.writeRecord(out);
                written++;
            }
            rows.clear();
            wanted.clear();
        }
    }

    /**
     * Counts of one chunk and the rows it rejected; {@code firstRow..lastRow} is the chunk's data-row range
     * (empty, first &gt; last, for a chunk without rows).
     */
    public record Result(int inputRows, int outputRows, List<RejectedRow> rejected, long firstRow, long lastRow) {}

    private final class Row {
        final String[] record;
        final int meta;
        final long rowNumber;
        final long lineNumber;
        String violation;
        String key;
        byte[] rawBytes;

        Row(String[] record, int meta) {
            this.record = record;
            this.meta = meta;
            this.rowNumber = Long.parseLong(record[0]);
            this.lineNumber = Long.parseLong(record[1]);
        }

        RejectedRow rejected(String reason) {
            List<String> fields = Arrays.asList(record).subList(meta, record.length);
            return new RejectedRow(rowNumber, lineNumber, reason, dialect.line(fields), rawBytes);
        }
    }
}
