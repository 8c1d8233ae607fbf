package com.example.serverless.forecast.consolidate;

import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.s3.S3MultipartOutput;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Turns each Forecast export (a folder of partitioned CSV files, each with its own header) into one CSV per table:
 * one header, then every row of every part, parts in part-number order. A backtest export has two tables (its
 * {@code accuracy-metrics-values/} and {@code forecasted-values/} folders); a forecast export has one.
 *
 * <p>Streams: rows go from the part being read straight into an {@link S3MultipartOutput}, so memory holds one
 * upload part whatever the export's size. Listing is paginated. Anything that would make the table wrong fails the
 * step with the part's key in the message and writes nothing for that table: a part whose header differs from the
 * first part's, a malformed row, an export with no CSV parts, or two different exports mixed in one folder.
 */
public final class ExportConsolidator {

    private static final Logger LOG = LogManager.getLogger(ExportConsolidator.class);

    private final S3Client s3;
    private final String bucket;
    private final int partSizeBytes;

    private final int listPageSize;

    public ExportConsolidator(S3Client s3, String bucket, int partSizeBytes) {
        this(s3, bucket, partSizeBytes, 1000);
    }

    /** {@code listPageSize}: keys per ListObjectsV2 page (S3's maximum is 1000; tests use small pages). */
    ExportConsolidator(S3Client s3, String bucket, int partSizeBytes, int listPageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSizeBytes = partSizeBytes;
        this.listPageSize = listPageSize;
    }

    public List<ConsolidatedTable> consolidate(ConsolidateRequest request) {
        return consolidate(request, Deadline.NONE);
    }

    /** @param deadline checked before each part is appended (an unfinished upload is aborted, nothing is left) */
    public List<ConsolidatedTable> consolidate(ConsolidateRequest request, Deadline deadline) {
        request.validated();
        List<ConsolidatedTable> tables = new ArrayList<>();
        for (ConsolidateRequest.ExportLocation export : request.exports()) {
            Map<String, List<String>> partsByTable = partsByTable(export);
            for (Map.Entry<String, List<String>> table : partsByTable.entrySet()) {
                String key = request.outputPrefix() + table.getKey() + ".csv";
                tables.add(write(table.getKey(), key, table.getValue(), deadline));
            }
        }
        return tables;
    }

    /** CSV keys under the export's prefix, grouped by sub-folder (one table each) and sorted by part number. */
    private Map<String, List<String>> partsByTable(ConsolidateRequest.ExportLocation export) {
        Map<String, List<String>> tables = new TreeMap<>();
        int ignored = 0;
        for (S3Object object : s3.listObjectsV2Paginator(
                        b -> b.bucket(bucket).prefix(export.prefix()).maxKeys(listPageSize))
                .contents()) {
            String relative = object.key().substring(export.prefix().length());
            if (!relative.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                ignored++; // marker and metadata files Forecast may write beside the parts
                continue;
            }
            int slash = relative.lastIndexOf('/');
            String folder = slash < 0 ? "" : relative.substring(0, slash);
            String table = folder.isEmpty() ? export.name() : export.name() + "-" + folder.replace('/', '-');
            tables.computeIfAbsent(table, t -> new ArrayList<>()).add(object.key());
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException(
                    "export '" + export.name() + "' has no CSV files under s3://" + bucket + "/" + export.prefix());
        }
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            List<String> keys = table.getValue();
            keys.sort((a, b) -> PartOrder.BY_PART_NUMBER.compare(fileName(a), fileName(b)));
            TreeSet<String> exports = new TreeSet<>();
            keys.forEach(key -> exports.add(PartOrder.base(fileName(key))));
            if (exports.size() > 1) {
                throw new IllegalStateException("table '" + table.getKey() + "' mixes files of " + exports.size()
                        + " different exports " + exports + ": refusing to merge them into one table");
            }
        }
        LOG.info("export {}: {} table(s), {} non-CSV object(s) ignored", export.name(), tables.size(), ignored);
        return tables;
    }

    private ConsolidatedTable write(String table, String key, List<String> partKeys, Deadline deadline) {
        List<String> header = null;
        long rows = 0;
        try (S3MultipartOutput output = new S3MultipartOutput(s3, bucket, key, "text/csv", partSizeBytes);
                CsvWriter writer =
                        CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(output, StandardCharsets.UTF_8)) {
            for (String partKey : partKeys) {
                deadline.check("consolidate part");
                try (ResponseInputStream<GetObjectResponse> part =
                                s3.getObject(b -> b.bucket(bucket).key(partKey));
                        CsvReader<CsvRecord> reader = CsvReader.builder()
                                .detectBomHeader(true)
                                .skipEmptyLines(true)
                                .ofCsvRecord(part, StandardCharsets.UTF_8)) {
                    boolean first = true;
                    for (CsvRecord record : reader) {
                        if (first) {
                            first = false;
                            if (header == null) {
                                header = record.getFields();
                                writer.writeRecord(header);
                            } else if (!header.equals(record.getFields())) {
                                throw new IllegalStateException("part s3://" + bucket + "/" + partKey
                                        + " has header " + record.getFields() + ", the table's first part has "
                                        + header);
                            }
                            continue;
                        }
                        writer.writeRecord(record.getFields());
                        rows++;
                    }
                } catch (CsvParseException e) {
                    throw new IllegalStateException(
                            "part s3://" + bucket + "/" + partKey + " is not valid CSV: " + e.getMessage(), e);
                }
            }
            if (header == null) {
                throw new IllegalStateException("table '" + table + "': all " + partKeys.size()
                        + " part(s) are empty, there is no header to write");
            }
            writer.flush();
            output.complete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("table {}: {} rows from {} part(s) -> {}", table, rows, partKeys.size(), key);
        return new ConsolidatedTable(table, key, partKeys.size(), rows, header);
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
