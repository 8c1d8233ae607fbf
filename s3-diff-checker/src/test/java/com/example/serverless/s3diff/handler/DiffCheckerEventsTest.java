package com.example.serverless.s3diff.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.common.s3event.MalformedS3EventException;
import com.example.serverless.common.s3event.S3ObjectEvent;
import com.example.serverless.testsupport.LambdaEvents;
import org.junit.jupiter.api.Test;

/**
 * The sample events, read by the Java runtime's own serializer, through the handler's parser (common's
 * S3EventParser, versionId required): decoded keys and their versions.
 */
class DiffCheckerEventsTest {

    @Test
    void sampleEvent_becomesTheDecodedKeyAndItsVersion() {
        S3Event event = LambdaEvents.load("s3-diff-checker-object-created.json", S3Event.class);

        assertThat(DiffCheckerHandler.EVENTS.parse(event).records())
                .singleElement()
                .extracting(S3ObjectEvent::bucket, S3ObjectEvent::key, S3ObjectEvent::versionId)
                .containsExactly(
                        "diff-checker-3f1c2a9e-0b7d-11f1-9a3e-0a1b2c3d4e5f",
                        "reports/q1 summary.txt",
                        "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
    }

    @Test
    void unicodeSample_decodesSpacesPlusSignsAndUtf8() {
        S3Event event = LambdaEvents.load("s3-diff-checker-unicode-key.json", S3Event.class);

        assertThat(DiffCheckerHandler.EVENTS.parse(event).records())
                .singleElement()
                .extracting(S3ObjectEvent::key)
                .isEqualTo("teams/café über/deep/path/notes + plan ✓.md");
    }

    @Test
    void recordWithoutVersionId_failsTheWholeEventWithTheReason() {
        S3Event event = LambdaEvents.load("s3-diff-checker-unversioned-bucket.json", S3Event.class);

        assertThatThrownBy(() -> DiffCheckerHandler.EVENTS.parse(event))
                .isInstanceOf(MalformedS3EventException.class)
                .hasMessage("malformed S3 notification: record 0 (key 'notes/today.txt'): s3.object.versionId is"
                        + " missing: the bucket must be versioned (versioning enabled, not suspended)");
    }

    @Test
    void otherEventTypes_areIgnoredNotFailed() {
        String removed = LambdaEvents.read("s3-diff-checker-object-created.json")
                .replace("ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated");

        var parsed = DiffCheckerHandler.EVENTS.parse(LambdaEvents.fromJson(removed, S3Event.class));

        assertThat(parsed.records()).isEmpty();
        assertThat(parsed.ignored()).containsExactly("record 0 (ObjectRemoved:DeleteMarkerCreated)");
    }

    @Test
    void eventWithoutRecords_isRejected() {
        assertThatThrownBy(() -> DiffCheckerHandler.EVENTS.parse(LambdaEvents.fromJson("{}", S3Event.class)))
                .hasMessageContaining("no Records");
    }
}
