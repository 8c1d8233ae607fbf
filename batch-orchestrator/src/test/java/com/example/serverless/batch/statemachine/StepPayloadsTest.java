package com.example.serverless.batch.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.failure.FailureRequest;
import com.example.serverless.batch.merge.MergeRequest;
import com.example.serverless.batch.notify.NotifyRequest;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.ProjectPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step functions refuse unknown and missing fields, so every payload the state machines build must have
 * exactly the fields of the step's record, and every sample event must read back field for field.
 */
class StepPayloadsTest {

    /** Which record each Lambda task's payload is read as (FunctionName substitution -> record). */
    private static final Map<String, Class<? extends Record>> STEPS = Map.of(
            "${SplitFunctionArn}", RunInput.class,
            "${ChunkFunctionArn}", ChunkRequest.class,
            "${MergeFunctionArn}", MergeRequest.class,
            "${ArchiveFunctionArn}", RunInput.class,
            "${NotifyFunctionArn}", NotifyRequest.class,
            "${FailureFunctionArn}", FailureRequest.class);

    @Test
    void everyLambdaTaskOfBothStateMachines_sendsExactlyTheFieldsOfItsStepRecord() throws IOException {
        Map<String, JsonNode> payloads = new LinkedHashMap<>();
        for (String file : List.of("batch-main.asl.json", "batch-chunk.asl.json")) {
            JsonNode definition = StepJson.MAPPER.readTree(Files.readString(
                    ProjectPaths.root().resolve("statemachines").resolve(file)));
            collectLambdaPayloads(definition, payloads);
        }

        assertThat(payloads.keySet()).containsExactlyInAnyOrderElementsOf(STEPS.keySet());
        payloads.forEach((function, payload) -> {
            List<String> sent = new ArrayList<>();
            payload.fieldNames().forEachRemaining(name -> sent.add(name.replaceFirst("\\.\\$$", "")));
            assertThat(new TreeSet<>(sent))
                    .as("payload of the task invoking " + function)
                    .isEqualTo(new TreeSet<>(components(STEPS.get(function))));
        });
    }

    @Test
    void theChunkWorkflowIsStartedWithEveryFieldItsTaskReads() throws IOException {
        JsonNode main = StepJson.MAPPER.readTree(
                Files.readString(ProjectPaths.root().resolve("statemachines").resolve("batch-main.asl.json")));
        JsonNode childInput = main.findValue("RunChunkWorkflow").at("/Parameters/Input");
        List<String> started = new ArrayList<>();
        childInput.fieldNames().forEachRemaining(name -> started.add(name.replaceFirst("\\.\\$$", "")));

        assertThat(started).containsAll(components(ChunkRequest.class));
    }

    @ParameterizedTest
    @CsvSource({
        "batch-orchestrator-split.json, com.example.serverless.batch.run.RunInput",
        "batch-orchestrator-chunk.json, com.example.serverless.batch.chunk.ChunkRequest",
        "batch-orchestrator-merge.json, com.example.serverless.batch.merge.MergeRequest",
        "batch-orchestrator-archive.json, com.example.serverless.batch.run.RunInput",
        "batch-orchestrator-notify.json, com.example.serverless.batch.notify.NotifyRequest",
        "batch-orchestrator-failure.json, com.example.serverless.batch.failure.FailureRequest"
    })
    void everySampleStepEvent_isReadStrictly_andLosesNoField(String event, Class<?> type) throws IOException {
        String json = LambdaEvents.read(event);

        Object request = StepJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);

        assertThat(StepJson.MAPPER.readTree(StepJson.bytes(request))).isEqualTo(StepJson.MAPPER.readTree(json));
    }

    private static void collectLambdaPayloads(JsonNode node, Map<String, JsonNode> payloads) {
        if (node.isObject()) {
            if ("arn:aws:states:::lambda:invoke".equals(node.path("Resource").asText())) {
                JsonNode parameters = node.get("Parameters");
                payloads.put(parameters.get("FunctionName").asText(), parameters.get("Payload"));
            }
        }
        node.forEach(child -> collectLambdaPayloads(child, payloads));
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName)
                .toList();
    }
}
