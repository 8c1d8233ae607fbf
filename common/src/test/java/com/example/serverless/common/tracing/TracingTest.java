package com.example.serverless.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.strategy.ContextMissingStrategy;
import com.amazonaws.xray.strategy.RuntimeErrorContextMissingStrategy;
import com.example.serverless.common.priming.OfflineHttpClient;
import com.example.serverless.common.priming.OfflineHttpClient.Answer;
import com.example.serverless.common.priming.Priming;
import com.example.serverless.testsupport.XRayDaemon;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class TracingTest {

    private XRayDaemon daemon;

    @BeforeEach
    void startDaemon() {
        daemon = XRayDaemon.start();
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bucket", "key", "versionId", "runId", "executionName", "chunk", "mapping", "a_1"})
    void annotationKeys_thatXRayIndexes_areAccepted(String key) {
        assertThat(Tracing.checkKey(key)).isEqualTo(key);
        assertThatCode(() -> Tracing.Span.NONE.annotate(key, "v")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "object key", "run-id", "version.id", "clé", "bucket:name", "a/b"})
    void annotationKeys_thatXRayWouldDropSilently_failLoudly(String key) {
        assertThatThrownBy(() -> Tracing.checkKey(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits and underscores");
        // also when nothing is traced: a bad key fails the tests, not only a traced invocation
        assertThatThrownBy(() -> Tracing.Span.NONE.annotate(key, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tracing.span("t").annotate(key, 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSampledInvocation_sendsTheSpanWithItsAnnotations_andOneAwsSubsegmentPerSdkCall() throws Exception {
        // GIVEN an invocation Lambda sampled, and the suite's S3 client (tracing interceptors) answering offline
        String header = XRayDaemon.newTraceHeader(true);
        daemon.invocation(header);
        OfflineHttpClient http = new OfflineHttpClient(request -> Answer.ok(Map.of("ETag", List.of("\"e\"")), ""));

        // WHEN a span wraps two SDK calls
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), http);
                Tracing.Span span = Tracing.span("work")) {
            span.annotate("bucket", "in-bucket").annotate("key", "a/b.csv").annotate("chunk", 3);
            span.annotate("versionId", null); // skipped, not an error
            s3.putObject(b -> b.bucket("in-bucket").key("a/b.csv"), RequestBody.fromString("x"));
            s3.headObject(b -> b.bucket("in-bucket").key("a/b.csv"));
        }

        // THEN one document: the span, under the invocation's segment, with the two SDK calls nested
        List<JsonNode> documents = daemon.await(1, Duration.ofSeconds(5));
        assertThat(documents).hasSize(1);
        JsonNode span = documents.get(0);
        assertThat(span.path("name").asText()).isEqualTo("work");
        assertThat(span.path("type").asText()).isEqualTo("subsegment");
        assertThat(header)
                .contains("Root=" + span.path("trace_id").asText() + ";Parent="
                        + span.path("parent_id").asText());
        assertThat(span.path("annotations").path("bucket").asText()).isEqualTo("in-bucket");
        assertThat(span.path("annotations").path("key").asText()).isEqualTo("a/b.csv");
        assertThat(span.path("annotations").path("chunk").asLong()).isEqualTo(3);
        assertThat(span.path("annotations").has("versionId")).isFalse();
        List<JsonNode> calls = span.path("subsegments").findParents("namespace");
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.path("namespace").asText()).isEqualTo("aws");
            assertThat(call.path("name").asText()).isEqualTo("S3");
        });
        assertThat(calls.stream().map(c -> c.path("aws").path("operation").asText()))
                .containsExactly("PutObject", "HeadObject");
        assertThat(daemon.drain(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aFailedSpan_carriesTheException() throws Exception {
        daemon.invocation(XRayDaemon.newTraceHeader(true));
        try (Tracing.Span span = Tracing.span("failing")) {
            span.failed(new IllegalStateException("no such run"));
        }
        JsonNode span = daemon.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(span.path("fault").asBoolean()).isTrue();
        assertThat(span.path("cause").path("exceptions").get(0).path("message").asText())
                .isEqualTo("no such run");
    }

    @Test
    void anUnsampledInvocation_orNoTraceAtAll_sendsNothing_andNeverThrows() throws Exception {
        OfflineHttpClient http = new OfflineHttpClient(request -> Answer.ok(Map.of("ETag", List.of("\"e\"")), ""));
        for (String header : new String[] {XRayDaemon.newTraceHeader(false), null}) {
            daemon.invocation(header);
            try (S3Client s3 = Priming.offlineClient(S3Client.builder(), http);
                    Tracing.Span span = Tracing.span("work")) {
                span.annotate("bucket", "b");
                s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("x"));
            }
        }
        assertThat(http.requests()).isEqualTo(2);
        assertThat(daemon.drain(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void theNextInvocation_startsFromItsOwnHeader_notTheTraceBefore() throws Exception {
        // a restored SnapStart environment (or a warm one) gets a new header per invocation
        String first = XRayDaemon.newTraceHeader(true);
        String second = XRayDaemon.newTraceHeader(true);
        for (String header : List.of(first, second)) {
            daemon.invocation(header);
            try (Tracing.Span span = Tracing.span("work")) {
                span.annotate("runId", header.substring(5, 40));
            }
        }
        List<JsonNode> documents = daemon.await(2, Duration.ofSeconds(5));
        assertThat(documents).hasSize(2);
        assertThat(first).contains(documents.get(0).path("trace_id").asText());
        assertThat(second).contains(documents.get(1).path("trace_id").asText());
    }

    @Test
    void noTraceHeader_neverReachesTheContextMissingStrategy_thatLambdaSetsToLogError() {
        // Lambda sets AWS_XRAY_CONTEXT_MISSING=LOG_ERROR, which overrides ours: priming (no header yet) must not
        // depend on it. A strategy that throws shows that nothing on these paths ever finds the context missing.
        Tracing.sdkInterceptors(); // the recorder is configured first, as in a function's init
        AWSXRayRecorder recorder = AWSXRay.getGlobalRecorder();
        ContextMissingStrategy configured = recorder.getContextMissingStrategy();
        recorder.setContextMissingStrategy(new RuntimeErrorContextMissingStrategy());
        try {
            daemon.invocation(null);
            OfflineHttpClient http = new OfflineHttpClient(request -> Answer.ok(Map.of("ETag", List.of("\"e\"")), ""));
            assertThatCode(() -> {
                        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), http);
                                Tracing.Span span = Tracing.span("priming")) {
                            span.annotate("bucket", "b");
                            s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("x"));
                        }
                        s3CallWithoutSpan(http);
                    })
                    .doesNotThrowAnyException();
        } finally {
            recorder.setContextMissingStrategy(configured);
        }
    }

    private static void s3CallWithoutSpan(OfflineHttpClient http) {
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), http)) {
            s3.headObject(b -> b.bucket("b").key("k"));
        }
    }

    @Test
    void theTracingPath_needsNoApacheHttpClient() {
        // X-Ray's core names httpclient 4 for its EKS plugin only; the root POM excludes it, the enforcer bans it
        assertThatThrownBy(() -> Class.forName("org.apache.http.client.HttpClient"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(Tracing.enabled()).isTrue();
        assertThat(Tracing.sdkInterceptors()).hasSize(1);
    }

    @Test
    void xRaysOwnLogging_goesThroughLog4j2() {
        // commons-logging 1.3 picks the Log4j API when it is present: X-Ray's lines are JSON like the function's
        assertThat(LogFactory.getLog(TracingTest.class).getClass().getName()).contains("Log4j");
    }
}
