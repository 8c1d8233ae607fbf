package com.example.serverless.s3diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.DeadlineExceededException;
import com.example.serverless.s3diff.handler.DiffCheckerHandlerAccess;
import com.example.serverless.testsupport.EmfLines;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The EMF lines the diff checker prints, per outcome, and what a deadline does. */
@LocalAwsTest
class DiffCheckerMetricsIT {

    private S3Client s3;
    private String bucket;
    private Env env;

    @BeforeEach
    void createBuckets(LocalAws aws) {
        s3 = LocalS3.client(aws, new LocalS3.RequestLog());
        bucket = LocalS3.versionedBucket(s3, "diff-metrics");
        env = new Env(Map.of(
                "REPORT_BUCKET", LocalS3.plainBucket(s3, "diff-metrics-reports"),
                "KEEP_VERSIONS", "2",
                "PENDING_EVENT_SECONDS", "0",
                "POWERTOOLS_METRICS_NAMESPACE", "Test/Diff"));
    }

    @Test
    void eachInvocation_printsItsOutcomeCountsUnderServiceAndFunction() {
        String key = "notes.txt";
        String v1 = LocalS3.put(s3, bucket, key, "a\nb\n");
        String v2 = LocalS3.put(s3, bucket, key, "a\nc\n");
        String v3 = LocalS3.put(s3, bucket, key, "a\nc\n");

        EmfLines first = run(SampleEvents.objectCreated(bucket, key, v1));
        EmfLines changed = run(SampleEvents.objectCreated(bucket, key, v2));
        EmfLines unchanged = run(SampleEvents.objectCreated(bucket, key, v3));

        assertThat(first.namespaces()).containsExactly("Test/Diff");
        assertThat(first.dimensionSets()).containsExactly(List.of("Service", "Function"));
        assertThat(first.dimensionValues()).isEqualTo(Map.of("Service", "s3-diff-checker", "Function", "diff-checker"));
        assertThat(first.sum("VersionsFirst")).isEqualTo(1);
        assertThat(first.has("VersionsReported")).isFalse();

        assertThat(changed.sum("VersionsReported")).isEqualTo(1);
        assertThat(changed.sum("VersionsChanged")).isEqualTo(1);
        assertThat(changed.units()).containsEntry("DiffTime", "Milliseconds");
        assertThat(changed.sum("DiffTime")).isPositive();
        // three versions exist by then, and two are kept: the first goes
        assertThat(changed.sum("VersionsDeleted")).isEqualTo(1);

        // the third version is the same text
        assertThat(unchanged.sum("VersionsReported")).isEqualTo(1);
        assertThat(unchanged.sum("VersionsUnchanged")).isEqualTo(1);
        assertThat(unchanged.has("VersionsDeleted")).isFalse();
    }

    @Test
    void pastItsDeadline_theCheckStopsWithTheDeadlineError_andFlushesDeadlineExceeded() {
        String key = "late.txt";
        LocalS3.put(s3, bucket, key, "x\n");
        String v2 = LocalS3.put(s3, bucket, key, "y\n");

        EmfLines.Captured run = EmfLines.capture(() -> DiffCheckerHandlerAccess.create(s3, env)
                .handleRequest(
                        SampleEvents.objectCreated(bucket, key, v2),
                        new TestLambdaContext("diff-checker", Duration.ofMillis(300))));

        assertThat(run.thrown())
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageStartingWith("deadline exceeded: stopped at next record");
        assertThat(run.emf().dimensionValues())
                .isEqualTo(Map.of("Service", "s3-diff-checker", "Function", "diff-checker"));
        assertThat(run.emf().sum("DeadlineExceeded")).isEqualTo(1);
        assertThat(run.emf().has("VersionsReported")).isFalse();
    }

    private EmfLines run(com.amazonaws.services.lambda.runtime.events.S3Event event) {
        EmfLines.Captured captured = EmfLines.capture(() ->
                DiffCheckerHandlerAccess.create(s3, env).handleRequest(event, new TestLambdaContext("diff-checker")));
        assertThat(captured.thrown()).isNull();
        return captured.emf();
    }
}
