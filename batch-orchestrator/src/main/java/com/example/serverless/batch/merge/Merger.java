package com.example.serverless.batch.merge;

import com.example.serverless.batch.chunk.ChunkService;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.batch.split.Manifest;
import com.example.serverless.batch.validation.Columns;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.s3.S3MultipartOutput;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Concatenates a run's processed chunks in part-number order (from the manifest, never from a listing, so part 10
 * follows part 9 and nothing else under the prefix is picked up) into {@code output/<runId>.csv} with one header,
 * streaming through {@link S3MultipartOutput}. Before the output is made visible it checks the run's accounting:
 * every chunk's rows as counted in its file and metadata, the error table's count for the run, and
 * input rows = output rows + error rows. A mismatch aborts the upload and fails the run. A retry rewrites the
 * same output key from the same chunks, so it is idempotent.
 */
public final class Merger {

    private static final Logger LOG = LogManager.getLogger(Merger.class);

    private final S3Client s3;
    private final ErrorCounter errors;
    private final int partSize;
    private final Clock clock;

    public Merger(S3Client s3, ErrorCounter errors, int partSize, Clock clock) {
        this.s3 = s3;
        this.errors = errors;
        this.partSize = partSize;
        this.clock = clock;
    }

    public RunSummary merge(MergeRequest request) {
        return merge(request, Deadline.NONE);
    }

    /** @param deadline checked before each chunk is appended (an unfinished upload is aborted, nothing is left) */
    public RunSummary merge(MergeRequest request, Deadline deadline) {
        Manifest manifest = readManifest(request);
        CsvDialect dialect = new CsvDialect(manifest.delimiter().charAt(0));
        List<Manifest.Chunk> chunks = manifest.chunks().stream()
                .sorted(Comparator.comparingInt(Manifest.Chunk::part))
                .toList();
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).part() != i + 1) {
                throw new IllegalStateException("manifest parts are not 1.." + chunks.size() + ": " + chunks);
            }
        }
        String outputKey = RunLayout.outputKey(request.runId());
        long outputRows = 0;
        long reportedErrors = 0;
        try (S3MultipartOutput output =
                new S3MultipartOutput(s3, request.bucket(), outputKey, "text/csv; charset=utf-8", partSize)) {
            output.write(headerLine(dialect, manifest.header()));
            for (Manifest.Chunk chunk : chunks) {
                deadline.check("merge part");
                Map<String, String> counts;
                long rowsInFile;
                // the chunk's bytes go into the output as they are counted, never held whole: the merge's memory
                // is one output part however big the chunks grow (a mismatch below aborts the whole upload)
                try (ResponseInputStream<GetObjectResponse> processed = s3.getObject(
                        b -> b.bucket(request.bucket()).key(RunLayout.processedKey(request.runId(), chunk.part())))) {
                    counts = processed.response().metadata();
                    rowsInFile = dialect.countRecords(new CopyingInputStream(processed, output));
                } catch (IOException e) {
                    throw new UncheckedIOException("reading processed part " + chunk.part(), e);
                }
                long declaredOutput = metadataCount(counts, ChunkService.META_OUTPUT_ROWS, chunk.part());
                long declaredInput = metadataCount(counts, ChunkService.META_INPUT_ROWS, chunk.part());
                if (rowsInFile != declaredOutput || declaredInput != chunk.rows()) {
                    throw new RowCountMismatchException("part " + chunk.part() + ": split wrote " + chunk.rows()
                            + " rows, the chunk step read " + declaredInput + " and wrote " + declaredOutput
                            + ", the processed file holds " + rowsInFile);
                }
                outputRows += rowsInFile;
                reportedErrors += metadataCount(counts, ChunkService.META_ERROR_ROWS, chunk.part());
            }
            long errorRows = errors.count(request.runId());
            if (errorRows != reportedErrors) {
                throw new RowCountMismatchException("the error table holds " + errorRows
                        + " rows for the run, the chunks reported " + reportedErrors);
            }
            if (manifest.inputRows() != outputRows + errorRows) {
                throw new RowCountMismatchException("input rows " + manifest.inputRows() + " != output rows "
                        + outputRows + " + error rows " + errorRows);
            }
            output.complete();
            Instant finished = clock.instant();
            Instant started = parseStart(request.startedAt(), finished);
            RunSummary summary = new RunSummary(
                    request.runId(),
                    request.bucket(),
                    manifest.key(),
                    manifest.versionId(),
                    outputKey,
                    RunLayout.summaryKey(request.runId()),
                    manifest.inputRows(),
                    outputRows,
                    errorRows,
                    chunks.size(),
                    started.toString(),
                    finished.toString(),
                    Duration.between(started, finished).toMillis());
            s3.putObject(
                    b -> b.bucket(request.bucket()).key(summary.summaryKey()).contentType("application/json"),
                    RequestBody.fromBytes(StepJson.bytes(summary)));
            return summary;
        }
    }

    private Manifest readManifest(MergeRequest request) {
        byte[] json = s3.getObjectAsBytes(b -> b.bucket(request.bucket()).key(RunLayout.manifestKey(request.runId())))
                .asByteArray();
        try {
            return StepJson.MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest of run " + request.runId() + " is unreadable", e);
        }
    }

    private static byte[] headerLine(CsvDialect dialect, List<String> inputHeader) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter writer = dialect.writer(bytes)) {
            writer.writeRecord(Columns.ofHeader(inputHeader).outputHeader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static long countRecords(CsvDialect dialect, byte[] csv) {
        return dialect.countRecords(new ByteArrayInputStream(csv));
    }

    /** Passes every byte read through to {@code copy}, each exactly once (the CSV reader reads forward only). */
    private static final class CopyingInputStream extends FilterInputStream {

        private final OutputStream copy;

        CopyingInputStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("skipped bytes would be missing from the copy");
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static long metadataCount(Map<String, String> metadata, String name, int part) {
        String value = metadata.get(name);
        if (value == null) {
            throw new RowCountMismatchException("processed part " + part + " has no " + name + " metadata");
        }
        return Long.parseLong(value);
    }

    static Instant parseStart(String startedAt, Instant fallback) {
        if (startedAt == null || startedAt.isBlank()) {
            return fallback;
        }
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parse(startedAt, Instant::from);
        } catch (DateTimeParseException e) {
            // only the summary's duration depends on it: report the odd value, don't fail a finished run
            LOG.warn(
                    "execution start time '{}' is not an ISO date-time ({}); using {} instead, so the run's"
                            + " duration reads as zero",
                    startedAt,
                    e.getMessage(),
                    fallback);
            return fallback;
        }
    }
}
