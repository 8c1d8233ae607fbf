package com.example.serverless.s3diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.common.config.Env;
import com.example.serverless.s3diff.handler.DiffCheckerHandlerAccess;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The handler against a real local S3 over HTTP: each test gets a fresh versioned source bucket and report bucket,
 * uploads versions, then delivers the sample notification for them through the Java runtime's serializer.
 */
@LocalAwsTest
class DiffCheckerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalS3.RequestLog requests = new LocalS3.RequestLog();
    private S3Client s3;
    private String bucket;
    private String reportBucket;

    @BeforeEach
    void createBuckets(LocalAws aws) {
        s3 = LocalS3.client(aws, requests);
        bucket = LocalS3.versionedBucket(s3, "diff-source");
        reportBucket = LocalS3.plainBucket(s3, "diff-reports");
        requests.clear();
    }

    private List<String> invoke(String key, String versionId) {
        return invoke(Map.of(), SampleEvents.objectCreated(bucket, key, versionId));
    }

    private List<String> invoke(Map<String, String> settings, S3Event event) {
        Map<String, String> env = new HashMap<>(Map.of("REPORT_BUCKET", reportBucket, "KEEP_VERSIONS", "3"));
        env.putAll(settings);
        return DiffCheckerHandlerAccess.create(s3, new Env(env))
                .handleRequest(event, new TestLambdaContext("diff-checker"));
    }

    private String reportKey(String key, String versionId) {
        return "_diffs/" + key + "/" + versionId + ".json";
    }

    private JsonNode report(String key, String versionId) throws Exception {
        return JSON.readTree(LocalS3.text(s3, reportBucket, reportKey(key, versionId)));
    }

    @Test
    void fourVersions_leaveThreeVersionsAndThreeReports() throws Exception {
        String key = "reports/q1 summary.txt";
        List<String> versions = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            versions.add(LocalS3.put(s3, bucket, key, "quarter one\nrevenue " + i * 100 + "\ncosts 50\nstatus ok\n"));
            outcomes.addAll(invoke(key, versions.getLast()));
        }

        assertThat(outcomes.getFirst()).isEqualTo("NO_PREVIOUS_VERSION");
        assertThat(outcomes.subList(1, 4)).allSatisfy(o -> assertThat(o).startsWith("REPORTED _diffs/" + key + "/"));
        assertThat(LocalS3.versionIds(s3, bucket, key))
                .containsExactly(versions.get(3), versions.get(2), versions.get(1));
        assertThat(LocalS3.keys(s3, reportBucket))
                .containsExactlyInAnyOrder(
                        reportKey(key, versions.get(1)),
                        reportKey(key, versions.get(2)),
                        reportKey(key, versions.get(3)));

        JsonNode last = report(key, versions.get(3));
        assertThat(last.get("status").asText()).isEqualTo("CHANGED");
        assertThat(last.get("key").asText()).isEqualTo(key);
        assertThat(last.at("/current/versionId").asText()).isEqualTo(versions.get(3));
        assertThat(last.at("/previous/versionId").asText()).isEqualTo(versions.get(2));
        assertThat(last.get("addedLines").asInt()).isEqualTo(1);
        assertThat(last.get("removedLines").asInt()).isEqualTo(1);
        assertThat(last.get("unifiedDiff").asText())
                .contains("--- " + key + "@" + versions.get(2))
                .contains("+++ " + key + "@" + versions.get(3))
                .contains("-revenue 300")
                .contains("+revenue 400")
                .contains(" status ok");
        // the report carries the marker the recursion guard checks
        assertThat(s3.headObject(b -> b.bucket(reportBucket).key(reportKey(key, versions.get(3))))
                        .metadata())
                .containsEntry("diff-checker-report", "true");
    }

    @Test
    void eachReportedDiff_isOneStructuredJsonLogEvent() throws Exception {
        String key = "logs/shape.txt";
        String first = LocalS3.put(s3, bucket, key, "a\nb\n");
        String second = LocalS3.put(s3, bucket, key, "a\nc\nd\n");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            invoke(key, second);
        } finally {
            System.setOut(original);
        }

        JsonNode event = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .map(line -> {
                    try {
                        return JSON.readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError("log line is not JSON: " + line, e);
                    }
                })
                .filter(line -> line.at("/message/event").asText().equals("version-diff"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no version-diff event in " + captured));
        assertThat(event.at("/message/bucket").asText()).isEqualTo(bucket);
        assertThat(event.at("/message/key").asText()).isEqualTo(key);
        assertThat(event.at("/message/versionId").asText()).isEqualTo(second);
        assertThat(event.at("/message/previousVersionId").asText()).isEqualTo(first);
        assertThat(event.at("/message/addedLines").asInt()).isEqualTo(2);
        assertThat(event.at("/message/removedLines").asInt()).isEqualTo(1);
        assertThat(event.at("/message/diff").asText()).contains("-b").contains("+c");
        assertThat(event.get("requestId").asText()).isNotBlank();
        assertThat(event.get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void keyThatPrefixesOtherKeys_leavesTheirVersionsUntouched() throws Exception {
        List<String> siblingKeys = List.of("a.txt.old.txt", "a.txt/x.txt");
        for (String sibling : siblingKeys) {
            for (int i = 0; i < 4; i++) {
                LocalS3.put(s3, bucket, sibling, "sibling " + i);
            }
        }
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            versions.add(LocalS3.put(s3, bucket, "a.txt", "a " + i));
            invoke("a.txt", versions.getLast());
        }

        assertThat(LocalS3.versionIds(s3, bucket, "a.txt"))
                .containsExactly(versions.get(4), versions.get(3), versions.get(2));
        for (String sibling : siblingKeys) {
            assertThat(LocalS3.versionIds(s3, bucket, sibling)).as(sibling).hasSize(4);
        }
        assertThat(report("a.txt", versions.get(4)).at("/previous/versionId").asText())
                .isEqualTo(versions.get(3));
    }

    @Test
    void keysWithSpacesPlusSignsUnicodeAndDeepPaths_areDecodedExactly() throws Exception {
        // GIVEN the key the unicode sample event names (form-encoded there) and a key with a literal '+' and "%20"
        String unicodeKey = "teams/café über/deep/path/notes + plan ✓.md";
        String literalKey = "x/y/z/a+b c%20d.txt";
        for (String key : List.of(unicodeKey, literalKey)) {
            String first = LocalS3.put(s3, bucket, key, "one\n");
            String second = LocalS3.put(s3, bucket, key, "one\ntwo\n");
            S3Event event = key.equals(unicodeKey)
                    ? SampleEvents.objectCreated(SampleEvents.UNICODE_KEY, bucket, null, second)
                    : SampleEvents.objectCreated(bucket, key, second);

            // WHEN the notification arrives
            List<String> outcomes = invoke(Map.of(), event);

            // THEN the exact key was compared and its report nests under the decoded key
            assertThat(outcomes).containsExactly("REPORTED " + reportKey(key, second));
            JsonNode report = report(key, second);
            assertThat(report.get("key").asText()).isEqualTo(key);
            assertThat(report.at("/previous/versionId").asText()).isEqualTo(first);
            assertThat(report.get("addedLines").asInt()).isEqualTo(1);
        }
    }

    @Test
    void fifteenHundredVersions_arePagedThroughAndPrunedInBatchesOfAThousand() throws Exception {
        String key = "history/busy.txt";
        // sequential on purpose: moto loses versions when one key is written concurrently
        for (int i = 0; i < 1500; i++) {
            LocalS3.put(s3, bucket, key, "v" + i + "\n");
        }
        List<String> all = LocalS3.versionIds(s3, bucket, key);
        assertThat(all).hasSize(1500);
        requests.clear();

        // versions older than any pending event count as settled; here every version is (no event will come)
        List<String> outcomes =
                invoke(Map.of("PENDING_EVENT_SECONDS", "0"), SampleEvents.objectCreated(bucket, key, all.getFirst()));

        assertThat(outcomes).containsExactly("REPORTED " + reportKey(key, all.getFirst()));
        assertThat(report(key, all.getFirst()).at("/previous/versionId").asText())
                .isEqualTo(all.get(1));
        assertThat(requests.count("ListObjectVersions")).isGreaterThanOrEqualTo(2);
        assertThat(requests.deleteBatchSizes).containsExactly(1000, 497);
        assertThat(LocalS3.versionIds(s3, bucket, key)).containsExactly(all.get(0), all.get(1), all.get(2));
    }

    @Test
    void deleteMarkers_areSkippedWhenFindingThePreviousVersion_andAHidingMarkerIsNeverRemoved() throws Exception {
        String key = "config/app.yaml";
        String v1 = LocalS3.put(s3, bucket, key, "mode: a\n");
        String v2 = LocalS3.put(s3, bucket, key, "mode: b\n");
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        String v3 = LocalS3.put(s3, bucket, key, "mode: c\n");
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        List<String> markers = LocalS3.deleteMarkerIds(s3, bucket, key);
        assertThat(markers).hasSize(2);

        // WHEN the (late) event for v3 arrives while the object reads as deleted
        List<String> outcomes = invoke(key, v3);

        // THEN v3 is compared with v2, the object version before it, not with a delete marker
        assertThat(outcomes).containsExactly("REPORTED " + reportKey(key, v3));
        JsonNode report = report(key, v3);
        assertThat(report.at("/previous/versionId").asText()).isEqualTo(v2);
        assertThat(report.get("unifiedDiff").asText()).contains("-mode: b").contains("+mode: c");
        assertThat(report.get("deleteMarkers").asInt()).isEqualTo(2);
        // AND nothing was pruned: three object versions, and both markers (the newest hides the object) stay
        assertThat(LocalS3.versionIds(s3, bucket, key)).containsExactly(v3, v2, v1);
        assertThat(LocalS3.deleteMarkerIds(s3, bucket, key)).containsExactlyElementsOf(markers);
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(key)).close())
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void versionsWrittenInTheSameSecond_areOrderedByS3NotByLastModified() throws Exception {
        String key = "fast/writes.csv";
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            versions.add(LocalS3.put(s3, bucket, key, "id,value\n1," + i + "\n"));
        }
        List<ObjectVersion> listed =
                s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions();
        // find a newer/older pair that S3 stamped with the same second
        int tie = IntStream.range(0, listed.size() - 1)
                .filter(i ->
                        listed.get(i).lastModified().equals(listed.get(i + 1).lastModified()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no two versions shared a second: " + listed));
        String newer = listed.get(tie).versionId();
        String older = listed.get(tie + 1).versionId();

        invoke(Map.of("KEEP_VERSIONS", "10"), SampleEvents.objectCreated(bucket, key, newer));

        JsonNode report = report(key, newer);
        assertThat(report.at("/previous/versionId").asText()).isEqualTo(older);
        int newerIndex = versions.indexOf(newer);
        assertThat(versions.indexOf(older)).isEqualTo(newerIndex - 1);
        assertThat(report.get("unifiedDiff").asText())
                .contains("-1," + (newerIndex - 1))
                .contains("+1," + newerIndex);
    }

    @Test
    void duplicateEvent_rewritesNoReportAndDeletesNothing() throws Exception {
        String key = "dup/notes.md";
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            versions.add(LocalS3.put(s3, bucket, key, "note " + i + "\n"));
            invoke(key, versions.getLast());
        }
        String reportETag = s3.headObject(b -> b.bucket(reportBucket).key(reportKey(key, versions.get(3))))
                .eTag();
        requests.clear();

        List<String> outcomes = invoke(key, versions.get(3));

        assertThat(outcomes).containsExactly("REPORT_ALREADY_PRESENT " + reportKey(key, versions.get(3)));
        assertThat(requests.count("DeleteObjects")).isZero();
        assertThat(LocalS3.versionIds(s3, bucket, key))
                .containsExactly(versions.get(3), versions.get(2), versions.get(1));
        assertThat(s3.headObject(b -> b.bucket(reportBucket).key(reportKey(key, versions.get(3))))
                        .eTag())
                .isEqualTo(reportETag);
    }

    @Test
    void outOfOrderEvents_neverDeleteTheTriggeringVersion_orAnythingNewerThanItsPredecessor() {
        String key = "late/data.json";
        List<String> versions = burst(key, 5);

        // the oldest version's event arrives first: it has no predecessor, so nothing may go
        assertThat(invoke(key, versions.get(0))).containsExactly("NO_PREVIOUS_VERSION");
        assertThat(LocalS3.versionIds(s3, bucket, key)).hasSize(5);

        // the newest event makes its diff; v1 and v2 are still needed by the diffs of v2 and v3
        invoke(key, versions.get(4));
        assertThat(LocalS3.versionIds(s3, bucket, key)).hasSize(5);
        requests.clear();
        List<String> late = new ArrayList<>();
        late.addAll(invoke(key, versions.get(1)));
        late.addAll(invoke(key, versions.get(2)));
        late.addAll(invoke(key, versions.get(3)));

        assertThat(late)
                .containsExactly(
                        "REPORTED " + reportKey(key, versions.get(1)),
                        "REPORTED " + reportKey(key, versions.get(2)),
                        "REPORTED " + reportKey(key, versions.get(3)));
        assertThat(LocalS3.versionIds(s3, bucket, key))
                .containsExactly(versions.get(4), versions.get(3), versions.get(2));
        assertFourDiffs(key, versions);
    }

    // ---- bursts: five versions uploaded before any event is processed yield four diffs in every order ----

    /** Uploads one after another: moto loses versions when one key is written concurrently (AWS does not). */
    private List<String> burst(String key, int count) {
        List<String> versions = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            versions.add(LocalS3.put(s3, bucket, key, "{\"release\": " + i + ",\n \"notes\": \"line " + i + "\"}\n"));
        }
        return versions;
    }

    /** Versions 2..5 each have a report against the version just before it; version 1 has none. */
    private void assertFourDiffs(String key, List<String> versions) {
        assertThat(LocalS3.keys(s3, reportBucket)).hasSize(4);
        for (int i = 1; i < versions.size(); i++) {
            JsonNode report;
            try {
                report = report(key, versions.get(i));
            } catch (Exception e) {
                throw new AssertionError("no report for version " + (i + 1), e);
            }
            assertThat(report.get("status").asText()).isEqualTo("CHANGED");
            assertThat(report.at("/previous/versionId").asText())
                    .as("predecessor of version " + (i + 1))
                    .isEqualTo(versions.get(i - 1));
        }
    }

    @Test
    void burstOfFiveVersions_processedInOrder_yieldsFourDiffs_andKeepsTheNewestThree() {
        String key = "burst/in-order.json";
        List<String> versions = burst(key, 5);

        List<String> outcomes = new ArrayList<>();
        versions.forEach(version -> outcomes.addAll(invoke(key, version)));

        assertThat(outcomes).first().isEqualTo("NO_PREVIOUS_VERSION");
        assertThat(outcomes.subList(1, 5)).allSatisfy(o -> assertThat(o).startsWith("REPORTED "));
        assertFourDiffs(key, versions);
        assertThat(LocalS3.versionIds(s3, bucket, key))
                .containsExactly(versions.get(4), versions.get(3), versions.get(2));
    }

    @Test
    void burstOfFiveVersions_processedInReverseOrder_yieldsFourDiffs() {
        String key = "burst/reverse.json";
        List<String> versions = burst(key, 5);

        List<String> outcomes = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            outcomes.addAll(invoke(key, versions.get(i)));
        }

        assertFourDiffs(key, versions);
        // version 1 went once version 2's diff was made, so its own (late) event finds it gone; version 2 is
        // newer than the predecessor of any event processed after its diff, so it stays until the key's next event
        assertThat(outcomes.getLast()).isEqualTo("VERSION_GONE");
        assertThat(LocalS3.versionIds(s3, bucket, key))
                .containsExactly(versions.get(4), versions.get(3), versions.get(2), versions.get(1));
        String sixth = LocalS3.put(s3, bucket, key, "{\"release\": 6}\n");
        invoke(key, sixth);
        assertThat(LocalS3.versionIds(s3, bucket, key)).containsExactly(sixth, versions.get(4), versions.get(3));
    }

    @Test
    void burstOfFiveVersions_processedConcurrently_yieldsFourDiffs_andNoInvocationFails() throws Exception {
        String key = "burst/concurrent.json";
        List<String> versions = burst(key, 5);
        // every event in its own thread, all released at once
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            for (String version : versions) {
                results.add(pool.submit(() -> {
                    start.await();
                    return invoke(key, version);
                }));
            }
            start.countDown();
            for (var result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .singleElement()
                        .satisfies(o -> assertThat(o)
                                .matches("(REPORTED|REPORT_ALREADY_PRESENT|NO_PREVIOUS_VERSION|"
                                        + "VERSION_GONE|VERSION_VANISHED).*"));
            }
        } finally {
            pool.shutdownNow();
        }

        assertFourDiffs(key, versions);
        assertThat(LocalS3.versionIds(s3, bucket, key)).startsWith(versions.get(4), versions.get(3), versions.get(2));
    }

    @Test
    void predecessorThatVanishesBetweenListingAndReading_isReported_notAFailedInvocation(LocalAws aws) {
        String key = "race/notes.txt";
        String first = LocalS3.put(s3, bucket, key, "one\n");
        String second = LocalS3.put(s3, bucket, key, "two\n");
        // a concurrent invocation (or a person) deletes the predecessor right before this one reads it
        S3Client deleter = LocalS3.client(aws);
        S3Client racing = LocalS3.client(aws, new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                if (context.request() instanceof software.amazon.awssdk.services.s3.model.GetObjectRequest get
                        && first.equals(get.versionId())) {
                    deleter.deleteObject(b -> b.bucket(bucket).key(key).versionId(first));
                }
            }
        });
        Map<String, String> env = Map.of("REPORT_BUCKET", reportBucket, "KEEP_VERSIONS", "3");

        List<String> outcomes = DiffCheckerHandlerAccess.create(racing, new Env(env))
                .handleRequest(SampleEvents.objectCreated(bucket, key, second), new TestLambdaContext("diff-checker"));

        assertThat(outcomes).containsExactly("VERSION_VANISHED");
        assertThat(LocalS3.versionIds(s3, bucket, key)).containsExactly(second);
    }

    @Test
    void aFileWithMoreLinesThanTheCap_isTooManyLines_notNotText_andTheCapGrowsWithMaxDiffBytes() throws Exception {
        String key = "lines/many.txt";
        String body = IntStream.range(0, 40).mapToObj(i -> "l" + i).collect(java.util.stream.Collectors.joining("\n"));
        LocalS3.put(s3, bucket, key, body + "\n");
        String second = LocalS3.put(s3, bucket, key, body + "\nlast\n");

        // 200 bytes allowed -> at most 20 lines (one line per 10 bytes allowed): 41 lines are too many
        invoke(Map.of("MAX_DIFF_BYTES", "200"), SampleEvents.objectCreated(bucket, key, second));
        JsonNode report = report(key, second);
        assertThat(report.get("status").asText()).isEqualTo("TOO_MANY_LINES");
        assertThat(report.get("note").asText()).contains("more than 20 lines").contains("MAX_DIFF_BYTES");

        // raising the byte limit raises the line cap: 1,000 bytes -> 100 lines, and the diff is made
        String third = LocalS3.put(s3, bucket, key, body + "\nlast\nafter\n");
        invoke(Map.of("MAX_DIFF_BYTES", "1000"), SampleEvents.objectCreated(bucket, key, third));
        assertThat(report(key, third).get("status").asText()).isEqualTo("CHANGED");
    }

    @Test
    void binaryVersion_isReportedBySizeAndETag() throws Exception {
        String key = "blobs/image.txt";
        LocalS3.put(s3, bucket, key, "plain text\n");
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, (byte) 0xff, (byte) 0xfe};
        String second = LocalS3.put(s3, bucket, key, binary, Map.of());

        invoke(key, second);

        JsonNode report = report(key, second);
        assertThat(report.get("status").asText()).isEqualTo("NOT_TEXT");
        assertThat(report.get("note").asText()).startsWith("current version ");
        assertThat(report.at("/current/size").asLong()).isEqualTo(binary.length);
        assertThat(report.at("/current/eTag").asText()).isNotBlank();
        assertThat(report.has("unifiedDiff")).isFalse();
    }

    @Test
    void versionAboveTheSizeLimit_isReportedWithoutBeingDownloaded() throws Exception {
        String key = "big/log.txt";
        LocalS3.put(s3, bucket, key, "x".repeat(2048));
        String second = LocalS3.put(s3, bucket, key, "y".repeat(2048));
        requests.clear();

        invoke(Map.of("MAX_DIFF_BYTES", "1024"), SampleEvents.objectCreated(bucket, key, second));
        long downloads = requests.count("GetObject");

        JsonNode report = report(key, second);
        assertThat(report.get("status").asText()).isEqualTo("TOO_LARGE");
        assertThat(report.at("/current/size").asLong()).isEqualTo(2048);
        assertThat(report.at("/previous/size").asLong()).isEqualTo(2048);
        assertThat(downloads).isZero();
    }

    @Test
    void jsonConfiguration_getsAStructuralDiffByJsonPointer() throws Exception {
        String key = "config/service.json";
        LocalS3.put(s3, bucket, key, """
                {"service": {"timeout": 30, "retries": 3, "endpoints": ["a", "b"]}, "feature/x": true}""");
        String second = LocalS3.put(s3, bucket, key, """
                {"service": {"timeout": 60, "endpoints": ["a", "b", "c"], "region": "eu-west-1"}, "feature/x": false}""");

        invoke(key, second);

        JsonNode json = report(key, second).get("json");
        assertThat(json.get("added").asInt()).isEqualTo(2);
        assertThat(json.get("removed").asInt()).isEqualTo(1);
        assertThat(json.get("changed").asInt()).isEqualTo(2);
        List<String> changes = new ArrayList<>();
        json.get("changes")
                .forEach(c -> changes.add(c.get("kind").asText() + " "
                        + c.get("path").asText() + " " + c.path("oldValue").asText("-") + " -> "
                        + c.path("newValue").asText("-")));
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        "CHANGED /service/timeout 30 -> 60",
                        "REMOVED /service/retries 3 -> -",
                        "ADDED /service/endpoints/2 - -> \"c\"",
                        "ADDED /service/region - -> \"eu-west-1\"",
                        "CHANGED /feature~1x true -> false");
    }

    @Test
    void reuploadOfTheSameBytes_isIdenticalByETag_withoutDownloading() throws Exception {
        String key = "same/content.csv";
        LocalS3.put(s3, bucket, key, "id,name\n1,a\n");
        String second = LocalS3.put(s3, bucket, key, "id,name\n1,a\n");
        requests.clear();

        invoke(key, second);
        long downloads = requests.count("GetObject");

        JsonNode report = report(key, second);
        assertThat(report.get("status").asText()).isEqualTo("IDENTICAL");
        assertThat(report.get("note").asText()).contains("same ETag");
        assertThat(downloads).isZero();
    }

    @Test
    void diffThatOutrunsItsTimeBudget_isReportedAsTooComplex() throws Exception {
        String key = "huge/unrelated.txt";
        LocalS3.put(
                s3,
                bucket,
                key,
                String.join(
                        "\n",
                        IntStream.range(0, 20_000).mapToObj(i -> "left " + i).toList()));
        String second = LocalS3.put(
                s3,
                bucket,
                key,
                String.join(
                        "\n",
                        IntStream.range(0, 20_000).mapToObj(i -> "right " + i).toList()));

        invoke(Map.of("DIFF_TIME_BUDGET_MS", "1"), SampleEvents.objectCreated(bucket, key, second));

        JsonNode report = report(key, second);
        assertThat(report.get("status").asText()).isEqualTo("TOO_COMPLEX");
        assertThat(report.get("note").asText()).contains("DIFF_TIME_BUDGET_MS");
    }

    @Test
    void invalidJson_stillGetsATextDiff_andSaysWhichSideIsInvalid() throws Exception {
        String key = "config/broken.json";
        LocalS3.put(s3, bucket, key, "{\"ok\": true}");
        String second = LocalS3.put(s3, bucket, key, "{\"ok\": tru");

        invoke(key, second);

        JsonNode report = report(key, second);
        assertThat(report.get("status").asText()).isEqualTo("CHANGED");
        assertThat(report.at("/json/error").asText()).startsWith("current version is not valid JSON");
    }

    @Test
    void versionThatNoLongerExists_isReportedNotFailed() {
        String key = "gone/file.txt";
        LocalS3.put(s3, bucket, key, "one");
        String second = LocalS3.put(s3, bucket, key, "two");
        s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(second));

        assertThat(invoke(key, second)).containsExactly("VERSION_GONE");
        assertThat(LocalS3.keys(s3, reportBucket)).isEmpty();
    }

    @Test
    void s3Failures_failTheInvocation() {
        S3Event missingBucket = SampleEvents.objectCreated("no-such-bucket-" + System.nanoTime(), "a.txt", "v1");

        assertThatThrownBy(() -> invoke(Map.of(), missingBucket)).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void eventFromAnUnversionedBucket_failsWithAClearMessage() {
        S3Event event = LambdaEvents.load(SampleEvents.UNVERSIONED_BUCKET, S3Event.class);

        assertThatThrownBy(() -> invoke(Map.of(), event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notes/today.txt")
                .hasMessageContaining("s3.object.versionId is missing: the bucket must be versioned");
        assertThat(requests.operations).isEmpty();
    }
}
