package com.example.serverless.forecast.handler;

import static com.example.serverless.forecast.handler.ScriptedForecast.Kind.DATASET_IMPORT_JOB;
import static com.example.serverless.forecast.handler.ScriptedForecast.Kind.FORECAST;
import static com.example.serverless.forecast.handler.ScriptedForecast.Kind.PREDICTOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.ProjectPaths;
import com.example.serverless.testsupport.sfn.LocalStepFunctions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Runs the real {@code statemachines/forecast.asl.json} (only its {@code ${...}} substitutions filled in, as SAM
 * does) in moto's Step Functions interpreter. Every {@code aws-sdk:forecast:*} task is answered by
 * {@link ScriptedForecast} through the bridge, which records each call; the consolidation step runs the real
 * {@link ConsolidateHandler} against moto's S3. Each test scripts Forecast, runs one execution and asserts the exact
 * sequence of Forecast calls, so the loops, retries and the clean-up are checked call by call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastWorkflowIT {

    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/forecast-s3-access";
    private static final String DATA_KEY = "input/sample-hourly.csv";
    private static final int MAX_POLLS = 6;
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> FULL_CLEAN_UP = List.of(
            "DeleteForecastExportJob",
            "DeleteForecast",
            "DeletePredictorBacktestExportJob",
            "DeletePredictor",
            "DeleteDatasetImportJob",
            "DeleteDatasetGroup",
            "DeleteDataset");

    private LocalStepFunctions local;
    private S3Client s3;
    private SfnClient sfn;
    private ScriptedForecast forecast;
    private String bucket;
    private String stateMachineArn;

    @BeforeAll
    void deployLocally() throws Exception {
        local = LocalStepFunctions.start();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY));
        s3 = S3Client.builder()
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        sfn = SfnClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        bucket = LocalAws.uniqueName("forecast-wf");
        s3.createBucket(b -> b.bucket(bucket));

        forecast = new ScriptedForecast(s3);
        local.bridge().serve("AmazonForecast", forecast);
        local.bridge()
                .bind("forecast-consolidator", new ConsolidateHandler(s3, new Env(Map.of("RESULTS_BUCKET", bucket))));

        String definition = Files.readString(ProjectPaths.root().resolve("statemachines/forecast.asl.json"));
        for (Map.Entry<String, String> substitution : Map.of(
                        "BucketName", bucket,
                        "DataKey", DATA_KEY,
                        "ForecastRoleArn", ROLE_ARN,
                        "ForecastFrequency", "H",
                        "ForecastHorizon", "24",
                        "AlgorithmArn", "arn:aws:forecast:::algorithm/Deep_AR_Plus",
                        "PollIntervalSeconds", "0",
                        "MaxPolls", Integer.toString(MAX_POLLS),
                        "ConsolidatorFunctionArn",
                                "arn:aws:lambda:us-east-1:123456789012:function:forecast-consolidator")
                .entrySet()) {
            definition = definition.replace("${" + substitution.getKey() + "}", substitution.getValue());
        }
        assertThat(definition).as("every DefinitionSubstitution is provided").doesNotContain("${");
        String finalDefinition = definition;
        stateMachineArn = sfn.createStateMachine(b -> b.name(LocalAws.uniqueName("forecast"))
                        .roleArn("arn:aws:iam::123456789012:role/forecast-sfn")
                        .definition(finalDefinition))
                .stateMachineArn();
    }

    @AfterAll
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    @BeforeEach
    void resetScript() {
        forecast.reset();
    }

    @Test
    void happyPath_trainsExportsConsolidatesAndDeletesEverythingItCreated() {
        // GIVEN an import that is still running at the first poll, everything else ACTIVE at once
        forecast.statuses(DATASET_IMPORT_JOB, "CREATE_IN_PROGRESS", "ACTIVE");

        // WHEN the sample execution input starts a run
        Run run = start(LambdaEvents.read("forecast-workflow-start.json"));

        // THEN it succeeds, after exactly these Forecast calls
        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(forecast.operations())
                .containsExactlyElementsOf(concat(
                        List.of(
                                "CreateDataset",
                                "CreateDatasetGroup",
                                "CreateDatasetImportJob",
                                "DescribeDatasetImportJob",
                                "DescribeDatasetImportJob",
                                "CreatePredictor",
                                "DescribePredictor",
                                "CreatePredictorBacktestExportJob",
                                "CreateForecast",
                                "DescribeForecast",
                                "CreateForecastExportJob",
                                "DescribeForecastExportJob",
                                "DescribePredictorBacktestExportJob"),
                        FULL_CLEAN_UP));

        // AND every resource got this execution's name, the import reads the data key with 24-hour timestamps
        String runName = expectedRunName("household_energy", run.executionArn);
        assertThat(run.output().get("runName").asText()).isEqualTo(runName);
        forecast.calls().stream()
                .filter(c -> c.operation().startsWith("Create"))
                .forEach(call -> assertThat(call.request()
                                .path(call.operation().substring("Create".length()) + "Name")
                                .asText())
                        .as(call.operation())
                        .isEqualTo(runName));
        JsonNode importJob = request("CreateDatasetImportJob");
        assertThat(importJob.path("TimestampFormat").asText()).isEqualTo("yyyy-MM-dd HH:mm:ss");
        assertThat(importJob.at("/DataSource/S3Config/Path").asText()).isEqualTo("s3://" + bucket + "/" + DATA_KEY);
        assertThat(importJob.at("/DataSource/S3Config/RoleArn").asText()).isEqualTo(ROLE_ARN);
        JsonNode predictor = request("CreatePredictor");
        assertThat(predictor.path("ForecastHorizon").isInt()).isTrue();
        assertThat(predictor.path("ForecastHorizon").asInt()).isEqualTo(24);
        assertThat(predictor.at("/FeaturizationConfig/ForecastFrequency").asText())
                .isEqualTo("H");
        assertThat(request("CreateForecastExportJob")
                        .at("/Destination/S3Config/Path")
                        .asText())
                .isEqualTo("s3://" + bucket + "/results/" + runName + "/forecast/");

        // AND each export became one table: one header, every row of every part
        Map<String, JsonNode> tables = tables(run);
        assertThat(tables.keySet())
                .containsExactlyInAnyOrder(
                        "backtest-accuracy-metrics-values", "backtest-forecasted-values", "forecast");
        assertTable(
                tables.get("forecast"),
                ExportFixtures.FORECAST_HEADER,
                ExportFixtures.rowCount(ExportFixtures.forecastParts(4)),
                4);
        assertTable(
                tables.get("backtest-accuracy-metrics-values"),
                ExportFixtures.ACCURACY_HEADER,
                ExportFixtures.rowCount(ExportFixtures.accuracyParts()),
                2);
        assertTable(
                tables.get("backtest-forecasted-values"),
                ExportFixtures.BACKTEST_HEADER,
                ExportFixtures.rowCount(ExportFixtures.backtestForecastParts()),
                3);
        assertThat(tables.get("forecast").get("key").asText()).isEqualTo("results/" + runName + "/tables/forecast.csv");
    }

    @Test
    void importStillRunning_pollsUntilActive_andSkipCleanupKeepsTheResources() {
        forecast.statuses(
                DATASET_IMPORT_JOB,
                "CREATE_PENDING",
                "CREATE_IN_PROGRESS",
                "CREATE_IN_PROGRESS",
                "CREATE_IN_PROGRESS",
                "ACTIVE");

        Run run = start("{\"ProjectName\":\"household_energy\",\"SkipCleanup\":true}");

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(forecast.operations())
                .filteredOn("DescribeDatasetImportJob"::equals)
                .hasSize(5);
        assertThat(forecast.operations())
                .containsExactlyElementsOf(List.of(
                        "CreateDataset",
                        "CreateDatasetGroup",
                        "CreateDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "CreatePredictor",
                        "DescribePredictor",
                        "CreatePredictorBacktestExportJob",
                        "CreateForecast",
                        "DescribeForecast",
                        "CreateForecastExportJob",
                        "DescribeForecastExportJob",
                        "DescribePredictorBacktestExportJob"));
        assertThat(run.output().at("/created/forecast/arn").asText()).startsWith("arn:aws:forecast:");
    }

    @Test
    void importFails_runFailsWithTheServiceMessage_andCleansUpOnlyWhatExists() {
        forecast.statuses(DATASET_IMPORT_JOB, "CREATE_IN_PROGRESS", "CREATE_FAILED")
                .failureMessage(DATASET_IMPORT_JOB, "Unable to parse timestamp '2026-01-01 1:00:00 PM' in row 2");

        Run run = start("{\"ProjectName\":\"household_energy\"}");

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.error()).isEqualTo("ForecastWorkflow.DatasetImportFailed");
        assertThat(run.execution.cause())
                .contains(
                        "dataset import job",
                        "ended CREATE_FAILED",
                        "Unable to parse timestamp '2026-01-01 1:00:00 PM' in row 2");
        assertThat(forecast.operations())
                .containsExactly(
                        "CreateDataset",
                        "CreateDatasetGroup",
                        "CreateDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "DeleteDatasetImportJob",
                        "DeleteDatasetGroup",
                        "DeleteDataset");
    }

    @Test
    void predictorFails_runFailsWithTheServiceMessage_andCleansUpPredictorAndData() {
        forecast.statuses(PREDICTOR, "CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_FAILED")
                .failureMessage(PREDICTOR, "Not enough data: the series is shorter than the forecast horizon");

        Run run = start("{\"ProjectName\":\"household_energy\"}");

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.error()).isEqualTo("ForecastWorkflow.PredictorFailed");
        assertThat(run.execution.cause()).contains("Not enough data: the series is shorter than the forecast horizon");
        assertThat(forecast.operations())
                .containsExactly(
                        "CreateDataset",
                        "CreateDatasetGroup",
                        "CreateDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "CreatePredictor",
                        "DescribePredictor",
                        "DescribePredictor",
                        "DescribePredictor",
                        "DeletePredictor",
                        "DeleteDatasetImportJob",
                        "DeleteDatasetGroup",
                        "DeleteDataset");
    }

    @Test
    void predictorInUse_createForecastAndDeletePredictorRetryResourceInUse_thenTheRunSucceeds() {
        // GIVEN the predictor is held by its backtest export for three attempts, and by its children when deleted
        forecast.fail(
                        "CreateForecast",
                        3,
                        "ResourceInUseException",
                        "The resource is in use: predictor backtest export job is CREATE_IN_PROGRESS")
                .fail(
                        "DeletePredictor",
                        2,
                        "ResourceInUseException",
                        "The predictor has child resources being deleted");

        Run run = start("{\"ProjectName\":\"household_energy\"}");

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(forecast.operations())
                .containsExactly(
                        "CreateDataset",
                        "CreateDatasetGroup",
                        "CreateDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "CreatePredictor",
                        "DescribePredictor",
                        "CreatePredictorBacktestExportJob",
                        "CreateForecast",
                        "CreateForecast",
                        "CreateForecast",
                        "CreateForecast",
                        "DescribeForecast",
                        "CreateForecastExportJob",
                        "DescribeForecastExportJob",
                        "DescribePredictorBacktestExportJob",
                        "DeleteForecastExportJob",
                        "DeleteForecast",
                        "DeletePredictorBacktestExportJob",
                        "DeletePredictor",
                        "DeletePredictor",
                        "DeletePredictor",
                        "DeleteDatasetImportJob",
                        "DeleteDatasetGroup",
                        "DeleteDataset");
    }

    @Test
    void failureInTheMiddle_cleansUpExactlyTheResourcesCreatedSoFar_thenFails() {
        // GIVEN the forecast export cannot be created (an error no retry can fix)
        forecast.fail(
                "CreateForecastExportJob",
                1,
                "LimitExceededException",
                "You have reached the limit of 10 concurrent forecast export jobs");

        Run run = start("{\"ProjectName\":\"household_energy\"}");

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.error()).isEqualTo("Forecast.LimitExceededException");
        assertThat(run.execution.cause()).contains("You have reached the limit of 10 concurrent forecast export jobs");
        assertThat(forecast.operations())
                .containsExactly(
                        "CreateDataset",
                        "CreateDatasetGroup",
                        "CreateDatasetImportJob",
                        "DescribeDatasetImportJob",
                        "CreatePredictor",
                        "DescribePredictor",
                        "CreatePredictorBacktestExportJob",
                        "CreateForecast",
                        "DescribeForecast",
                        "CreateForecastExportJob",
                        "DeleteForecast",
                        "DeletePredictorBacktestExportJob",
                        "DeletePredictor",
                        "DeleteDatasetImportJob",
                        "DeleteDatasetGroup",
                        "DeleteDataset");
        String created = runNameOfCreate();
        assertThat(forecast.calls())
                .filteredOn(c -> c.operation().startsWith("Delete"))
                .allSatisfy(c -> assertThat(c.request().toString()).contains(created));
    }

    @Test
    void forecastNeverFinishes_stopsAfterTheBoundedPolls_stopsTheJob_andCleansUp() {
        forecast.statuses(FORECAST, "CREATE_IN_PROGRESS");

        Run run = start("{\"ProjectName\":\"household_energy\"}");

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.error()).isEqualTo("ForecastWorkflow.Timeout");
        assertThat(run.execution.cause())
                .contains("forecast", "still CREATE_IN_PROGRESS after " + MAX_POLLS + " polls");
        assertThat(forecast.operations()).filteredOn("DescribeForecast"::equals).hasSize(MAX_POLLS);
        List<String> operations = forecast.operations();
        assertThat(operations.subList(operations.indexOf("StopResource"), operations.size()))
                .containsExactly(
                        "StopResource",
                        "DeleteForecast",
                        "DeletePredictorBacktestExportJob",
                        "DeletePredictor",
                        "DeleteDatasetImportJob",
                        "DeleteDatasetGroup",
                        "DeleteDataset");
        assertThat(forecast.calls()
                        .get(operations.indexOf("StopResource"))
                        .request()
                        .path("ResourceArn")
                        .asText())
                .startsWith("arn:aws:forecast:us-east-1:123456789012:forecast/");
    }

    @Test
    void rerunWithTheSameProjectName_createsNewlyNamedResources_andBothRunsSucceed() {
        Run first = start("{\"ProjectName\":\"household_energy\",\"SkipCleanup\":true}");
        List<ScriptedForecast.Call> firstCalls = forecast.calls();
        forecast.reset();
        Run second = start("{\"ProjectName\":\"household_energy\",\"SkipCleanup\":true}");

        assertThat(first.execution.status()).as(first.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second.execution.status()).as(second.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String firstName = first.output().get("runName").asText();
        String secondName = second.output().get("runName").asText();
        assertThat(firstName).isNotEqualTo(secondName).startsWith("household_energy_");
        assertThat(secondName).startsWith("household_energy_");
        assertThat(ScriptedForecast.creates(forecast.operations())).hasSize(7);
        assertThat(firstCalls)
                .filteredOn(c -> c.operation().equals("CreateDataset"))
                .singleElement()
                .satisfies(
                        c -> assertThat(c.request().get("DatasetName").asText()).isEqualTo(firstName));
    }

    @Test
    void missingProjectNameOrANonBooleanSkipCleanup_failsBeforeAnyForecastCall() {
        Run missing = start("{\"projectName\":\"lower-case key\"}");
        Run notBoolean = start("{\"ProjectName\":\"household_energy\",\"SkipCleanup\":\"yes\"}");

        assertThat(missing.execution.status()).as(missing.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(missing.execution.error()).isEqualTo("ForecastWorkflow.InvalidInput");
        assertThat(notBoolean.execution.status()).as(notBoolean.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(notBoolean.execution.error()).isEqualTo("ForecastWorkflow.InvalidInput");
        assertThat(forecast.operations()).isEmpty();
    }

    // ---- helpers ----

    private record Run(String executionArn, DescribeExecutionResponse execution) {
        String describe() {
            return "execution " + executionArn + " " + execution.status() + " error=" + execution.error() + " cause="
                    + execution.cause();
        }

        JsonNode output() {
            return json(execution.output());
        }
    }

    private Run start(String input) {
        String arn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn)
                        .name(LocalAws.uniqueName("run"))
                        .input(input))
                .executionArn();
        return new Run(arn, LocalStepFunctions.awaitEnd(sfn, arn, RUN_DEADLINE));
    }

    private JsonNode request(String operation) {
        return forecast.calls().stream()
                .filter(c -> c.operation().equals(operation))
                .findFirst()
                .orElseThrow()
                .request();
    }

    private String runNameOfCreate() {
        return request("CreateDataset").get("DatasetName").asText();
    }

    private Map<String, JsonNode> tables(Run run) {
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        run.output()
                .get("tables")
                .forEach(table -> byName.put(table.get("table").asText(), table));
        return byName;
    }

    private void assertTable(JsonNode table, String header, int rows, int parts) {
        assertThat(table.get("rows").asLong()).isEqualTo(rows);
        assertThat(table.get("parts").asInt()).isEqualTo(parts);
        String csv = s3.getObjectAsBytes(
                        b -> b.bucket(bucket).key(table.get("key").asText()))
                .asUtf8String();
        List<String> lines = csv.lines().toList();
        assertThat(lines.getFirst()).isEqualTo(header);
        assertThat(lines).filteredOn(header::equals).hasSize(1);
        assertThat(lines).hasSize(rows + 1);
    }

    /** The definition names a run {@code <ProjectName>_<MD5 of the execution ARN, hex>}. */
    private static String expectedRunName(String project, String executionArn) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(executionArn.getBytes(StandardCharsets.UTF_8));
            return project + "_" + String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
