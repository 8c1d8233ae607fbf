package com.example.serverless.batch.chunk;

import com.example.serverless.batch.csv.ChunkColumns;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.run.InvalidInputException;
import com.example.serverless.batch.validation.Columns;
import com.example.serverless.batch.validation.ValidationRules;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes one whole chunk in one pass: parse, validate every row, look up reference data for all valid rows in
 * batches, then write the enriched rows (input order, no header) and return the rejected ones. A row whose uuid
 * has no reference data is rejected, never a reason to fail the chunk. A row the split marked as not valid UTF-8
 * is rejected with the split's reason and its exact bytes.
 */
public final class ChunkProcessor {

    private final CsvDialect dialect;
    private final ReferenceLookup references;

    public ChunkProcessor(CsvDialect dialect, ReferenceLookup references) {
        this.dialect = dialect;
        this.references = references;
    }

    public Result process(InputStream chunk, OutputStream processed) {
        List<Row> rows = new ArrayList<>();
        Columns columns;
        try (CsvReader<CsvRecord> reader = dialect.reader(chunk)) {
            Iterator<CsvRecord> records = reader.iterator();
            if (!records.hasNext()) {
                throw new InvalidInputException("chunk has no header row");
            }
            List<String> chunkHeader = records.next().getFields();
            int meta = ChunkColumns.metaCount(chunkHeader);
            columns = Columns.ofHeader(chunkHeader.subList(meta, chunkHeader.size()));
            while (records.hasNext()) {
                List<String> fields = records.next().getFields();
                Row row = new Row(
                        Long.parseLong(fields.get(0)),
                        Long.parseLong(fields.get(1)),
                        fields.subList(meta, fields.size()));
                if (meta > 2 && !fields.get(2).isEmpty()) {
                    // not valid UTF-8 in the input: an error row, never validated or enriched
                    row.violation = Optional.of(fields.get(2));
                    row.rawBytes = Base64.getDecoder().decode(fields.get(3));
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        ValidationRules rules = new ValidationRules(columns);
        List<String> wanted = new ArrayList<>();
        for (Row row : rows) {
            if (row.rawBytes == null) {
                row.violation = rules.violations(row.fields);
            }
            if (row.violation.isEmpty()) {
                wanted.add(ReferenceRecord.key(columns.value(row.fields, Columns.UUID)));
            }
        }
        Map<String, ReferenceRecord> found = references.find(wanted);

        List<RejectedRow> rejected = new ArrayList<>();
        int written = 0;
        CsvWriter writer = dialect.writer(processed);
        List<String> out = new ArrayList<>(columns.size() + Columns.REFERENCE.size());
        for (Row row : rows) {
            if (row.violation.isPresent()) {
                rejected.add(row.rejected(row.violation.get()));
                continue;
            }
            String uuid = columns.value(row.fields, Columns.UUID).strip();
            ReferenceRecord reference = found.get(ReferenceRecord.key(uuid));
            if (reference == null) {
                rejected.add(row.rejected("no reference data for uuid " + uuid));
                continue;
            }
            out.clear();
            out.addAll(row.fields);
            out.addAll(reference.values());
            writer.writeRecord(out);
            written++;
        }
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long firstRow = rows.stream().mapToLong(row -> row.rowNumber).min().orElse(0);
        long lastRow = rows.stream().mapToLong(row -> row.rowNumber).max().orElse(-1);
        return new Result(rows.size(), written, List.copyOf(rejected), firstRow, lastRow);
    }

    /**
     * Counts of one chunk and the rows it rejected; {@code firstRow..lastRow} is the chunk's data-row range
     * (empty, first &gt; last, for a chunk without rows).
     */
    public record Result(int inputRows, int outputRows, List<RejectedRow> rejected, long firstRow, long lastRow) {}

    private final class Row {
        final long rowNumber;
        final long lineNumber;
        final List<String> fields;
        Optional<String> violation = Optional.empty();
        byte[] rawBytes;

        Row(long rowNumber, long lineNumber, List<String> fields) {
            this.rowNumber = rowNumber;
            this.lineNumber = lineNumber;
            this.fields = fields;
        }

        RejectedRow rejected(String reason) {
            return new RejectedRow(rowNumber, lineNumber, reason, dialect.line(fields), rawBytes);
        }
    }
}
