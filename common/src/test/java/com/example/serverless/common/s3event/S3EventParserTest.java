package com.example.serverless.common.s3event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.testsupport.LambdaEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Events go through the Lambda runtime's own serializer (LambdaEvents), as in a deployed function. */
class S3EventParserTest {

    private static final S3EventParser CREATED = S3EventParser.objectCreated();
    private static final S3EventParser VERSIONED = S3EventParser.objectCreated().requireVersionId();

    @Test
    void sampleEvent_givesEveryField_withTheKeyDecoded() {
        S3Event event = LambdaEvents.load("s3-diff-checker-object-created.json", S3Event.class);

        assertThat(VERSIONED.parse(event).records())
                .containsExactly(new S3ObjectEvent(
                        0,
                        "ObjectCreated:Put",
                        "diff-checker-3f1c2a9e-0b7d-11f1-9a3e-0a1b2c3d4e5f",
                        "reports/q1 summary.txt",
                        "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                        1305,
                        "b21b84d653bb07b05b1e6b33684dc11b",
                        "0069280D0A1B2C3D4E"));
    }

    @Test
    void everySampleS3Event_parses() {
        assertThat(VERSIONED
                        .parse(LambdaEvents.load("s3-diff-checker-unicode-key.json", S3Event.class))
                        .records())
                .singleElement()
                .extracting(S3ObjectEvent::key, S3ObjectEvent::eventName, S3ObjectEvent::size)
                .containsExactly(
                        "teams/café über/deep/path/notes + plan ✓.md", "ObjectCreated:CompleteMultipartUpload", 84211L);
        assertThat(CREATED.parse(LambdaEvents.load("batch-orchestrator-input-created.json", S3Event.class))
                        .records())
                .singleElement()
                .extracting(S3ObjectEvent::key)
                .isEqualTo("input/sales q1 (2026).csv");
    }

    @Test
    void unversionedBucket_hasNoVersionId_acceptedUnlessTheCallerNeedsOne() {
        S3Event event = LambdaEvents.load("s3-diff-checker-unversioned-bucket.json", S3Event.class);

        assertThat(CREATED.parse(event).records()).singleElement().satisfies(record -> {
            assertThat(record.versionId()).isNull();
            assertThat(record.key()).isEqualTo("notes/today.txt");
        });
        assertThatThrownBy(() -> VERSIONED.parse(event))
                .isInstanceOf(MalformedS3EventException.class)
                .hasMessage("malformed S3 notification: record 0 (key 'notes/today.txt'): s3.object.versionId is"
                        + " missing: the bucket must be versioned (versioning enabled, not suspended)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a+b.txt | a b.txt",
                "a%2Bb.txt | a+b.txt",
                "a%2bb.txt | a+b.txt",
                "100%25+sure | 100% sure",
                "deep%2Fpath/file | deep/path/file",
                "caf%C3%A9+%F0%9F%98%80.txt | café 😀.txt",
                "%E2%9C%93 | ✓",
                "literal%2520 | literal%20",
                "%E6%97%A5%E6%9C%AC/%ED%95%9C | 日本/한",
            })
    void keys_areDecodedAsS3EncodesThem(String encoded, String key) {
        assertThat(S3EventParser.decodeKey(encoded)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bad%2 | has a bad % escape at character 3",
                "bad% | has a bad % escape at character 3",
                "bad%zz.txt | has a bad % escape at character 3",
                "latin1-%E9.txt | does not decode to UTF-8 text",
                "half-%F0%9F | does not decode to UTF-8 text",
            })
    void keys_thatAreNotFormEncodedUtf8_areRejected_notGuessed(String encoded, String problem) {
        assertThatThrownBy(() -> S3EventParser.decodeKey(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void everyMalformedRecord_isNamedWithItsField_andNoRecordIsReturned() {
        String sample = LambdaEvents.read("s3-diff-checker-object-created.json");
        String good = record(sample);
        String json = "{\"Records\":["
                + good + ","
                + good.replace("\"size\": 1305,", "\"size\": -5,") + ","
                + good.replace("\"key\": \"reports/q1+summary.txt\"", "\"key\": \"50%\"") + ","
                + good.replace("\"eTag\": \"b21b84d653bb07b05b1e6b33684dc11b\",", "")
                        .replace("\"sequencer\": \"0069280D0A1B2C3D4E\"", "\"sequencer\": \"\"")
                + ","
                + good.replaceAll("\"name\": \"diff-checker[^\"]*\"", "\"name\": \"\"") + ","
                + good.replace("\"eventName\": \"ObjectCreated:Put\",", "")
                + "]}";

        assertThatThrownBy(() -> VERSIONED.parse(LambdaEvents.fromJson(json, S3Event.class)))
                .isInstanceOfSatisfying(
                        MalformedS3EventException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "record 1 (key 'reports/q1 summary.txt'): s3.object.size is negative (-5)",
                                        "record 2: s3.object.key '50%' has a bad % escape at character 2 (S3 encodes keys"
                                                + " in notifications as %XX, XX two hex digits)",
                                        "record 3 (key 'reports/q1 summary.txt'): s3.object.eTag is missing",
                                        "record 4: s3.bucket.name is missing",
                                        "record 5: eventName is missing"));
    }

    @Test
    void recordWithoutSequencer_isAccepted_asEmulatorsSendIt() {
        String sample = LambdaEvents.read("s3-diff-checker-object-created.json")
                .replace(",\n          \"sequencer\": \"0069280D0A1B2C3D4E\"", "");

        assertThat(VERSIONED.parse(LambdaEvents.fromJson(sample, S3Event.class)).records())
                .singleElement()
                .extracting(S3ObjectEvent::sequencer)
                .isNull();
    }

    @Test
    void otherEventTypes_areListedNotChecked_andTheRestIsReturned() {
        String sample = LambdaEvents.read("s3-diff-checker-object-created.json");
        String good = record(sample);
        String removed = good.replace("ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated")
                .replace("\"size\": 1305,", "");
        S3Event event = LambdaEvents.fromJson("{\"Records\":[" + removed + "," + good + "]}", S3Event.class);

        S3EventParser.Parsed parsed = VERSIONED.parse(event);

        assertThat(parsed.ignored()).containsExactly("record 0 (ObjectRemoved:DeleteMarkerCreated)");
        assertThat(parsed.records())
                .singleElement()
                .extracting(S3ObjectEvent::index)
                .isEqualTo(1);
    }

    @Test
    void eventWithoutRecords_isNotAnS3Notification() {
        for (String json : List.of("{}", "{\"Records\":[]}")) {
            assertThatThrownBy(() -> CREATED.parse(LambdaEvents.fromJson(json, S3Event.class)))
                    .isInstanceOf(MalformedS3EventException.class)
                    .hasMessageContaining("no Records");
        }
    }

    /** The sample's one record, as JSON text. */
    private static String record(String sample) {
        int start = sample.indexOf('{', sample.indexOf("\"Records\""));
        int end = sample.lastIndexOf(']');
        return sample.substring(start, end).strip();
    }
}
