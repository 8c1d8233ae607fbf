package com.example.serverless.batch.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.run.StepJson;
import com.example.serverless.testsupport.ProjectPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Step Functions matches Retry error names exactly, and a Java Lambda reports the thrown class's own name, so
 * retrying "SdkClientException" does not retry its subclasses: the SDK's timeouts must be listed by name.
 */
class RetryListsTest {

    private static final String SDK_CLIENT = "software.amazon.awssdk.core.exception.SdkClientException";

    @ParameterizedTest
    @ValueSource(strings = {"batch-main.asl.json", "batch-chunk.asl.json"})
    void everyRetryOfSdkClientErrors_alsoNamesTheSdkTimeoutSubclasses(String file) throws IOException {
        JsonNode definition = StepJson.MAPPER.readTree(
                Files.readString(ProjectPaths.root().resolve("statemachines").resolve(file)));
        List<List<String>> sdkRetries = new ArrayList<>();
        definition
                .findValues("Retry")
                .forEach(retries -> retries.forEach(retry -> {
                    List<String> names = new ArrayList<>();
                    retry.get("ErrorEquals").forEach(name -> names.add(name.asText()));
                    if (names.contains(SDK_CLIENT)) {
                        sdkRetries.add(names);
                    }
                }));

        assertThat(sdkRetries)
                .isNotEmpty()
                .allSatisfy(names -> assertThat(names)
                        .contains(
                                "software.amazon.awssdk.core.exception.ApiCallTimeoutException",
                                "software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException"));
    }
}
