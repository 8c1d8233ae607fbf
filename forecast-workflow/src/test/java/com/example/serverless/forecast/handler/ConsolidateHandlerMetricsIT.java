package com.example.serverless.forecast.handler;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The consolidator's EMF lines for a known export, and what its deadline does. */
@LocalAwsTest
class ConsolidateHandlerMetricsIT {

    private static final String REQUEST = """
            {"exports":[{"name":"forecast","prefix":"results/r1/forecast/"}],"outputPrefix":"results/r1/tables/"}""";

    private S3Client s3;
    private String bucket;

    @BeforeEach
    void bucket(LocalAws aws) {
        s3 = aws.configure(S3Client.builder()).forcePathStyle(true).build();
        bucket = LocalAws.uniqueName("forecast-metrics");
        s3.createBucket(b -> b.bucket(bucket));
        for (int part = 0; part < 2; part++) {
            String key = "results/r1/forecast/r1_2026-03-01T00-00-00_part" + part + ".csv";
            s3.putObject(
                    b -> b.bucket(bucket).key(key),
                    RequestBody.fromString(ExportFixtures.FORECAST_HEADER + "\nclient_1,2026-03-02T00:00:00Z,1,2,3\n"));
        }
    }

    @Test
    void consolidate_printsTablesAndRowsUnderForecastWorkflowConsolidate() {
        EmfLines.Captured run = EmfLines.capture(() -> invoke(new TestLambdaContext("consolidate")));

        assertThat(run.thrown()).isNull();
        assertThat(run.emf().namespaces()).containsExactly("Test/Forecast");
        assertThat(run.emf().dimensionValues())
                .isEqualTo(Map.of("Service", "forecast-workflow", "Function", "consolidate"));
        assertThat(run.emf().sum("TablesConsolidated")).isEqualTo(1);
        assertThat(run.emf().sum("RowsConsolidated")).isEqualTo(2);
    }

    @Test
    void consolidate_pastItsDeadline_stopsWithTheDeadlineError_andLeavesNoTable() {
        EmfLines.Captured run =
                EmfLines.capture(() -> invoke(new TestLambdaContext("consolidate", Duration.ofMillis(300))));

        assertThat(run.thrown())
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageStartingWith("deadline exceeded: stopped at consolidate part");
        assertThat(run.emf().sum("DeadlineExceeded")).isEqualTo(1);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("results/r1/tables/"))
                        .contents())
                .isEmpty();
    }

    private void invoke(TestLambdaContext context) throws Exception {
        new ConsolidateHandler(
                        s3, new Env(Map.of("RESULTS_BUCKET", bucket, "POWERTOOLS_METRICS_NAMESPACE", "Test/Forecast")))
                .handleRequest(
                        new ByteArrayInputStream(REQUEST.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(),
                        context);
    }
}
