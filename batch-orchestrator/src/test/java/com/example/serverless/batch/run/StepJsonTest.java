package com.example.serverless.batch.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.failure.FailureRequest;
import com.example.serverless.batch.notify.NotifyRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step payloads are read strictly: a payload that does not match its record fails naming the field. */
class StepJsonTest {

    private static final String CHUNK = """
            {"runId":"run-1","bucket":"b","part":2,"delimiter":"\\t"}""";

    @Test
    void aCompleteChunkPayload_isRead_withItsDelimiter() {
        ChunkRequest request = read(CHUNK, ChunkRequest.class);

        assertThat(request).isEqualTo(new ChunkRequest("run-1", "b", 2, "\t"));
        assertThat(request.dialect().delimiter()).isEqualTo('\t');
    }

    @Test
    void aChunkPayloadWithoutItsDelimiter_isRefusedNamingTheField_insteadOfReadingCommas() {
        assertThatThrownBy(() -> read(CHUNK.replace(",\"delimiter\":\"\\t\"", ""), ChunkRequest.class))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageStartingWith("step input is not a valid ChunkRequest: field 'delimiter': ")
                .hasMessageContaining("Missing creator property 'delimiter'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            null delimiter          | {"runId":"r","bucket":"b","part":1,"delimiter":null}            | field 'delimiter': Invalid `null` value
            empty delimiter         | {"runId":"r","bucket":"b","part":1,"delimiter":""}              | delimiter must be exactly one character, got ''
            two-character delimiter | {"runId":"r","bucket":"b","part":1,"delimiter":"\\\\t"}         | delimiter must be exactly one character, got '\\t'
            quote as delimiter      | {"runId":"r","bucket":"b","part":1,"delimiter":"\\""}           | the delimiter cannot be a quote or a line break
            missing part            | {"runId":"r","bucket":"b","delimiter":","}                      | field 'part': Missing creator property 'part'
            null part               | {"runId":"r","bucket":"b","part":null,"delimiter":","}          | field 'part': Invalid `null` value
            part as text            | {"runId":"r","bucket":"b","part":"1","delimiter":","}           | field 'part': Cannot coerce String value ("1")
            fractional part         | {"runId":"r","bucket":"b","part":1.5,"delimiter":","}           | field 'part': Cannot coerce Floating-point value (1.5)
            part zero               | {"runId":"r","bucket":"b","part":0,"delimiter":","}             | part must be at least 1, got 0
            unknown field           | {"runId":"r","bucket":"b","part":1,"delimiter":",","parts":[1]} | field 'parts': Unrecognized field "parts"
            blank run id            | {"runId":" ","bucket":"b","part":1,"delimiter":","}             | runId is required
            not an object           | "run-1"                                                         | Cannot construct instance of
            """)
    void aMalformedChunkPayload_isRefusedWithAMessageNamingTheProblem(String what, String json, String message) {
        assertThatThrownBy(() -> read(json, ChunkRequest.class))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageStartingWith("step input is not a valid ChunkRequest: ")
                .hasMessageContaining(message);
    }

    @Test
    void aMissingVersionId_isRefused_butANullOneMeansAnUnversionedBucket() {
        assertThat(read("{\"bucket\":\"b\",\"key\":\"input/a.csv\",\"versionId\":null,\"runId\":\"r\"}", RunInput.class)
                        .versionId())
                .isNull();
        assertThatThrownBy(() -> read("{\"bucket\":\"b\",\"key\":\"input/a.csv\",\"runId\":\"r\"}", RunInput.class))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("field 'versionId': Missing creator property 'versionId'");
    }

    @Test
    void aNestedField_isNamedWithItsPath() {
        String notify = """
                {"summary":{"runId":"r","bucket":"b","inputKey":"input/a.csv","inputVersionId":null,\
                "outputKey":"output/r.csv","summaryKey":"output/r.summary.json","inputRows":1,"outputRows":1,\
                "errorRows":0,"chunks":0,"startedAt":"2026-11-27T09:30:16.204Z","finishedAt":"2026-11-27T09:30:17.204Z",\
                "durationMillis":1000},"archiveKey":"input_archive/a.csv"}""";
        assertThat(read(notify, NotifyRequest.class).summary().chunks()).isZero();

        assertThatThrownBy(() -> read(notify.replace("\"errorRows\":0,", ""), NotifyRequest.class))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("field 'summary.errorRows': Missing creator property 'errorRows'");
    }

    @Test
    void theCaughtError_needsBothOfStepFunctionsFields_andToleratesANullCause() {
        String failure = """
                {"runId":"r","bucket":"b","key":"input/a.csv","versionId":"v1",\
                "failure":{"Error":"States.Timeout","Cause":null},"outputPublished":false}""";
        assertThat(read(failure, FailureRequest.class).failure().error()).isEqualTo("States.Timeout");

        assertThatThrownBy(() -> read(failure.replace(",\"Cause\":null", ""), FailureRequest.class))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("field 'failure.Cause': Missing creator property 'Cause'");
        assertThatThrownBy(() -> read(failure.replace(",\"outputPublished\":false", ""), FailureRequest.class))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("field 'outputPublished'");
    }

    private static <T> T read(String json, Class<T> type) {
        return StepJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
    }
}
