package com.example.serverless.s3diff.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.s3diff.event.ObjectVersionRef;
import com.example.serverless.testsupport.LambdaEvents;
import org.junit.jupiter.api.Test;

/** The sample events, read by the Java runtime's own serializer, become decoded object versions. */
class S3EventRecordsTest {

    @Test
    void sampleEvent_becomesTheDecodedKeyAndItsVersion() {
        S3Event event = LambdaEvents.load("s3-diff-checker-object-created.json", S3Event.class);

        assertThat(S3EventRecords.parse(event).versions())
                .containsExactly(new ObjectVersionRef(
                        "diff-checker-3f1c2a9e-0b7d-11f1-9a3e-0a1b2c3d4e5f",
                        "reports/q1 summary.txt",
                        "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"));
    }

    @Test
    void unicodeSample_decodesSpacesPlusSignsAndUtf8() {
        S3Event event = LambdaEvents.load("s3-diff-checker-unicode-key.json", S3Event.class);

        assertThat(S3EventRecords.parse(event).versions())
                .singleElement()
                .extracting(ObjectVersionRef::key)
                .isEqualTo("teams/café über/deep/path/notes + plan ✓.md");
    }

    @Test
    void recordWithoutVersionId_failsTheWholeEventWithTheReason() {
        S3Event event = LambdaEvents.load("s3-diff-checker-unversioned-bucket.json", S3Event.class);

        assertThatThrownBy(() -> S3EventRecords.parse(event))
                .isInstanceOf(S3EventRecords.InvalidEventException.class)
                .hasMessage("malformed S3 notification: record 0 for key 'notes/today.txt' has no versionId: "
                        + "the bucket must be versioned");
    }

    @Test
    void otherEventTypes_areIgnoredNotFailed() {
        String removed = LambdaEvents.read("s3-diff-checker-object-created.json")
                .replace("ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated");

        S3EventRecords.Parsed parsed = S3EventRecords.parse(LambdaEvents.fromJson(removed, S3Event.class));

        assertThat(parsed.versions()).isEmpty();
        assertThat(parsed.ignored()).containsExactly("record 0 (ObjectRemoved:DeleteMarkerCreated)");
    }

    @Test
    void eventWithoutRecords_isRejected() {
        assertThatThrownBy(() -> S3EventRecords.parse(LambdaEvents.fromJson("{}", S3Event.class)))
                .hasMessageContaining("no Records");
    }
}
