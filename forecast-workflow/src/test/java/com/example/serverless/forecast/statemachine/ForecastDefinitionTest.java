package com.example.serverless.forecast.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.testsupport.ProjectPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules of {@code statemachines/forecast.asl.json} that a reader cannot see at a glance and the execution tests
 * only sample: every Forecast task can reach the clean-up, every loop is bounded, every wait and retry ends.
 * (asl-validator in scripts/test.sh checks the structure: targets, reachability, intrinsics.)
 */
class ForecastDefinitionTest {

    private static JsonNode states;

    @BeforeAll
    static void load() throws IOException {
        states = new ObjectMapper()
                .readTree(Files.readString(ProjectPaths.root().resolve("statemachines/forecast.asl.json")))
                .get("States");
    }

    private static List<Map.Entry<String, JsonNode>> forecastTasks() {
        List<Map.Entry<String, JsonNode>> tasks = new ArrayList<>();
        states.properties().forEach(state -> {
            if (state.getValue().path("Resource").asText().startsWith("arn:aws:states:::aws-sdk:forecast:")) {
                tasks.add(state);
            }
        });
        return tasks;
    }

    @Test
    void everyForecastTaskCatchesEverything_soNoFailureSkipsTheCleanUp() {
        assertThat(forecastTasks()).hasSizeGreaterThan(10).allSatisfy(task -> {
            JsonNode catcher = task.getValue().path("Catch").path(0);
            assertThat(catcher.path("ErrorEquals").toString()).as(task.getKey()).isEqualTo("[\"States.ALL\"]");
            assertThat(catcher.path("ResultPath").asText()).as(task.getKey()).isIn("$.failure", "$.cleanupFailed");
        });
    }

    @Test
    void createTasksKeepTheArnUnderCreated_whichIsWhatTheCleanUpDeletes() {
        List<String> created = new ArrayList<>();
        forecastTasks().stream()
                .filter(t -> t.getValue().path("Resource").asText().contains(":create"))
                .forEach(t -> created.add(t.getValue().path("ResultPath").asText()));
        List<String> deleted = new ArrayList<>();
        forecastTasks().stream()
                .filter(t -> t.getValue().path("Resource").asText().contains(":delete"))
                .forEach(t -> t.getValue()
                        .path("Parameters")
                        .properties()
                        .forEach(p -> deleted.add(p.getValue().asText().replace(".arn", ""))));

        assertThat(created).hasSize(7).allMatch(path -> path.startsWith("$.created."));
        assertThat(deleted).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void everyRetryIsBounded_andOnlyResourceInUseIsRetriedOnForecastCalls() {
        forecastTasks()
                .forEach(task -> task.getValue().path("Retry").forEach(retry -> {
                    assertThat(retry.path("ErrorEquals").toString())
                            .as(task.getKey())
                            .isEqualTo("[\"Forecast.ResourceInUseException\"]");
                    assertThat(retry.path("MaxAttempts").asInt())
                            .as(task.getKey())
                            .isBetween(1, 20);
                    assertThat(retry.path("MaxDelaySeconds").asInt())
                            .as(task.getKey())
                            .isBetween(1, 600);
                }));
    }

    @Test
    void everyStatusChoiceHandlesActiveInProgressWithinBudgetTimeoutAndFailure() {
        List<String> statusChoices = new ArrayList<>();
        states.properties().forEach(state -> {
            if (state.getKey().endsWith("-Status")) {
                statusChoices.add(state.getKey());
                JsonNode choices = state.getValue().path("Choices");
                assertThat(choices.path(0).path("StringEquals").asText()).isEqualTo("ACTIVE");
                assertThat(choices.path(1).toString()).contains("NumericLessThanPath", "$.run.maxPolls");
                assertThat(choices.path(2).path("Next").asText()).isEqualTo("Polled-Job-Timed-Out");
                assertThat(choices.path(3).path("Next").asText()).isEqualTo("Polled-Job-Failed");
                assertThat(state.getValue().path("Default").asText()).isEqualTo("Polled-Job-Failed-Without-Message");
            }
        });
        assertThat(statusChoices)
                .containsExactlyInAnyOrder(
                        "Import-Status",
                        "Predictor-Status",
                        "Forecast-Status",
                        "Forecast-Export-Status",
                        "Backtest-Export-Status");
    }

    @Test
    void theImportReads24HourTimestamps() {
        assertThat(states.at("/Import-Data/Parameters/TimestampFormat").asText())
                .isEqualTo("yyyy-MM-dd HH:mm:ss");
    }
}
