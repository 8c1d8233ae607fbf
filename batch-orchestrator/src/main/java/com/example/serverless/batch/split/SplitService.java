package com.example.serverless.batch.split;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.common.deadline.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Splits the exact object version that triggered the run into chunk objects plus a manifest. */
public final class SplitService {

    private final S3Client s3;
    private final CsvDialect dialect;
    private final int chunkSize;
    private final int maxChunks;

    /**
     * @param chunkSize data rows per chunk for files up to {@code maxChunks x chunkSize} rows; bigger files get
     *                  bigger chunks so that a run never has more than {@code maxChunks} (see {@link Splitter})
     */
    public SplitService(S3Client s3, CsvDialect dialect, int chunkSize, int maxChunks) {
        this.s3 = s3;
        this.dialect = dialect;
        this.chunkSize = chunkSize;
        this.maxChunks = maxChunks;
    }

    public SplitResponse split(RunInput run) {
        return split(run, Deadline.NONE);
    }

    /**
     * As {@link #split(RunInput)}, stopping with {@code DeadlineExceededException} before a chunk or the manifest is
     * written once {@code deadline} has passed. Without a manifest the run cannot go on (its failure path reports it);
     * the chunks already written are work files that the bucket's lifecycle rule removes.
     */
    public SplitResponse split(RunInput run, Deadline deadline) {
        List<Manifest.Chunk> chunks = new ArrayList<>();
        ChunkSink sink = (part, csv, rows) -> {
            deadline.check("split chunk");
            String key = RunLayout.chunkKey(run.runId(), part);
            s3.putObject(
                    b -> b.bucket(run.bucket()).key(key).contentType("text/csv; charset=utf-8"),
                    RequestBody.fromBytes(csv));
            chunks.add(new Manifest.Chunk(part, key, rows));
        };
        SplitOutcome outcome;
        try (ResponseInputStream<GetObjectResponse> input =
                s3.getObject(b -> b.bucket(run.bucket()).key(run.key()).versionId(run.versionId()))) {
            Long size = input.response().contentLength();
            outcome = new Splitter(dialect, chunkSize, maxChunks)
                    .split(input, size == null ? Splitter.UNKNOWN_SIZE : size, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Manifest manifest = new Manifest(
                run.runId(),
                run.bucket(),
                run.key(),
                run.versionId(),
                String.valueOf(dialect.delimiter()),
                outcome.header(),
                outcome.inputRows(),
                List.copyOf(chunks));
        String manifestKey = RunLayout.manifestKey(run.runId());
        deadline.check("split manifest");
        s3.putObject(
                b -> b.bucket(run.bucket()).key(manifestKey).contentType("application/json"),
                RequestBody.fromBytes(StepJson.bytes(manifest)));
        List<Integer> parts = IntStream.rangeClosed(1, chunks.size()).boxed().toList();
        return new SplitResponse(
                run.runId(),
                outcome.inputRows(),
                chunks.size(),
                parts,
                manifestKey,
                String.valueOf(dialect.delimiter()));
    }
}
