package com.example.serverless.batch.chunk;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.common.deadline.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Runs one chunk end to end: read {@code chunks/part-N}, process it, record its error rows, write
 * {@code processed/part-N} with its counts as object metadata (the merge checks them). Error rows are written
 * before the processed chunk, so a processed chunk never exists without its errors. Every write has a fixed key,
 * and a retry first removes error rows of the chunk's row range that it no longer rejects, so a retry after any
 * failure leaves exactly what this attempt found.
 */
public final class ChunkService {

    public static final String META_INPUT_ROWS = "input-rows";
    public static final String META_OUTPUT_ROWS = "output-rows";
    public static final String META_ERROR_ROWS = "error-rows";

    private final S3Client s3;
    private final ReferenceLookup references;
    private final RejectedRowSink errors;

    public ChunkService(S3Client s3, ReferenceLookup references, RejectedRowSink errors) {
        this.s3 = s3;
        this.references = references;
        this.errors = errors;
    }

    public ChunkCounts process(ChunkRequest request) {
        return process(request, Deadline.NONE);
    }

    /**
     * As {@link #process(ChunkRequest)}, stopping with {@code DeadlineExceededException} between lookup batches once
     * {@code deadline} has passed. Nothing is written before the rows are all processed, so a stopped chunk leaves
     * no partial output and its retry starts clean.
     */
    public ChunkCounts process(ChunkRequest request, Deadline deadline) {
        CsvDialect dialect = request.dialect();
        ByteArrayOutputStream processed = new ByteArrayOutputStream(256 * 1024);
        ChunkProcessor.Result result;
        try (ResponseInputStream<GetObjectResponse> chunk = s3.getObject(
                b -> b.bucket(request.bucket()).key(RunLayout.chunkKey(request.runId(), request.part())))) {
            result = new ChunkProcessor(dialect, references).process(chunk, processed, deadline);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChunkCounts counts = new ChunkCounts(
                request.part(),
                result.inputRows(),
                result.outputRows(),
                result.rejected().size());
        deadline.check("chunk writes");
        errors.replace(request.runId(), request.part(), result.firstRow(), result.lastRow(), result.rejected());
        s3.putObject(
                b -> b.bucket(request.bucket())
                        .key(RunLayout.processedKey(request.runId(), request.part()))
                        .contentType("text/csv; charset=utf-8")
                        .metadata(Map.of(
                                META_INPUT_ROWS, Integer.toString(counts.inputRows()),
                                META_OUTPUT_ROWS, Integer.toString(counts.outputRows()),
                                META_ERROR_ROWS, Integer.toString(counts.errorRows()))),
                RequestBody.fromBytes(processed.toByteArray()));
        return counts;
    }
}
