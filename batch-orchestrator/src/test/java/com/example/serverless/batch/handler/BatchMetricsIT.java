package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.enrich.ReferenceLoader;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.sample.SalesSample;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.DeadlineExceededException;
import com.example.serverless.testsupport.EmfLines;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The EMF lines the batch handlers print: namespace, the two dimensions, and the values for a known input. */
@LocalAwsTest
class BatchMetricsIT {

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    BatchMetricsIT(LocalAws aws) {
        this.s3 = LocalResources.s3(aws);
        this.dynamoDb = LocalResources.dynamoDb(aws);
    }

    @Test
    void splitAndChunk_printRowCountsUnderTheirServiceAndFunction() {
        // GIVEN 20 rows, 4 of them bad, with reference data for the good ones
        String bucket = LocalResources.versionedBucket(s3);
        String referenceTable = LocalResources.referenceTable(dynamoDb);
        String errorTable = LocalResources.errorTable(dynamoDb);
        SalesSample.Sample sample = SalesSample.generate(20, 4, 2L);
        new ReferenceLoader(dynamoDb, referenceTable)
                .load(new ByteArrayInputStream(sample.referenceCsv().getBytes(StandardCharsets.UTF_8)));
        String version = s3.putObject(
                        b -> b.bucket(bucket).key("input/m.csv"),
                        RequestBody.fromString(sample.csv(), StandardCharsets.UTF_8))
                .versionId();
        Env env = new Env(Map.of(
                "POWERTOOLS_METRICS_NAMESPACE",
                "Test/Batch",
                "FILE_CHUNK_SIZE",
                "100",
                "REFERENCE_TABLE",
                referenceTable,
                "ERROR_TABLE",
                errorTable));

        // WHEN
        EmfLines split = EmfLines.capture(
                        () -> LocalResources.invoke(new SplitHandler(s3, env), """
                        {"runId":"run-m","bucket":"%s","key":"input/m.csv","versionId":"%s"}""".formatted(bucket, version)))
                .emf();
        EmfLines chunk = EmfLines.capture(
                        () -> LocalResources.invoke(new ChunkHandler(s3, dynamoDb, env), """
                        {"runId":"run-m","bucket":"%s","part":1,"delimiter":","}""".formatted(bucket)))
                .emf();

        // THEN
        assertThat(split.namespaces()).containsExactly("Test/Batch");
        assertThat(split.dimensionSets()).containsExactly(List.of("Service", "Function"));
        assertThat(split.dimensionValues()).isEqualTo(Map.of("Service", "batch-orchestrator", "Function", "split"));
        assertThat(split.sum("SplitRows")).isEqualTo(20);
        assertThat(split.sum("SplitChunks")).isEqualTo(1);

        assertThat(chunk.documents()).hasSize(1);
        assertThat(chunk.namespaces()).containsExactly("Test/Batch");
        assertThat(chunk.dimensionValues()).isEqualTo(Map.of("Service", "batch-orchestrator", "Function", "chunk"));
        assertThat(chunk.sum("ChunkRowsIn")).isEqualTo(20);
        assertThat(chunk.sum("ChunkRowsOut")).isEqualTo(16);
        assertThat(chunk.sum("ChunkRowsRejected")).isEqualTo(4);
        assertThat(chunk.units())
                .containsEntry("ChunkRowsIn", "Count")
                .containsEntry("ChunkProcessingTime", "Milliseconds")
                .containsEntry("ChunkRowsPerSecond", "Count/Second");
        assertThat(chunk.sum("ChunkProcessingTime")).isPositive();
        assertThat(chunk.has("DeadlineExceeded")).isFalse();
    }

    @Test
    void chunkPastItsDeadline_stopsWithTheDeadlineError_flushesDeadlineExceeded_andWritesNothing() {
        // GIVEN a split chunk, and an invocation with less time left than the safety margin
        String bucket = LocalResources.versionedBucket(s3);
        String referenceTable = LocalResources.referenceTable(dynamoDb);
        String errorTable = LocalResources.errorTable(dynamoDb);
        SalesSample.Sample sample = SalesSample.generate(10, 0, 3L);
        String version = s3.putObject(
                        b -> b.bucket(bucket).key("input/d.csv"),
                        RequestBody.fromString(sample.csv(), StandardCharsets.UTF_8))
                .versionId();
        Env env = new Env(Map.of("REFERENCE_TABLE", referenceTable, "ERROR_TABLE", errorTable));
        LocalResources.invoke(new SplitHandler(s3, env), """
                {"runId":"run-d","bucket":"%s","key":"input/d.csv","versionId":"%s"}""".formatted(bucket, version));
        ChunkHandler handler = new ChunkHandler(s3, dynamoDb, env);
        String request = """
                {"runId":"run-d","bucket":"%s","part":1,"delimiter":","}""".formatted(bucket);

        // WHEN the function has 500 ms left (the margin is at least 1 s)
        EmfLines.Captured run = EmfLines.capture(() -> handler.handleRequest(
                new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                new TestLambdaContext("chunk", Duration.ofMillis(500))));

        // THEN
        assertThat(run.thrown())
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageStartingWith("deadline exceeded: stopped at chunk");
        assertThat(run.emf().dimensionValues()).isEqualTo(Map.of("Service", "batch-orchestrator", "Function", "chunk"));
        assertThat(run.emf().sum("DeadlineExceeded")).isEqualTo(1);
        assertThat(run.emf().has("ChunkRowsIn")).isFalse();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(RunLayout.processedKey("run-d", 1)))
                        .contents())
                .isEmpty();
    }
}
