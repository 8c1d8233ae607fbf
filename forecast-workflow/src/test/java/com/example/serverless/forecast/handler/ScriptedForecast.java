package com.example.serverless.forecast.handler;

import com.example.serverless.testsupport.sfn.JsonService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A scripted Amazon Forecast for the workflow test: it answers the calls moto's Step Functions interpreter makes
 * for {@code aws-sdk:forecast:*} tasks (through the bridge), records every call in order, and behaves as the test
 * scripted it: the statuses each describe call reports, errors a call answers a number of times. Like Forecast,
 * it refuses a second resource of the same kind with the same name (ResourceAlreadyExistsException), and an export
 * job writes partitioned CSV files (a header in each part) into the destination folder in S3.
 */
final class ScriptedForecast implements JsonService {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Resource kinds, keyed by the describe operation's noun. */
    enum Kind {
        DATASET("Dataset", "dataset"),
        DATASET_GROUP("DatasetGroup", "dataset-group"),
        DATASET_IMPORT_JOB("DatasetImportJob", "dataset-import-job"),
        PREDICTOR("Predictor", "predictor"),
        PREDICTOR_BACKTEST_EXPORT_JOB("PredictorBacktestExportJob", "predictor-backtest-export-job"),
        FORECAST("Forecast", "forecast"),
        FORECAST_EXPORT_JOB("ForecastExportJob", "forecast-export-job");

        final String noun;
        final String arnType;

        Kind(String noun, String arnType) {
            this.noun = noun;
            this.arnType = arnType;
        }

        String arn(String name) {
            return "arn:aws:forecast:" + REGION + ":" + ACCOUNT + ":" + arnType + "/" + name;
        }

        static Kind ofNoun(String noun) {
            for (Kind kind : values()) {
                if (kind.noun.equals(noun)) {
                    return kind;
                }
            }
            return null;
        }
    }

    record Call(String operation, JsonNode request) {}

    private record Injected(String errorType, String message) {}

    private final S3Client s3;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<Kind, Set<String>> names = new HashMap<>();
    private final Map<Kind, List<String>> statusScripts = new HashMap<>();
    private final Map<Kind, String> failureMessages = new HashMap<>();
    private final Map<String, Deque<String>> statusesByArn = new HashMap<>();
    private final Map<String, Kind> kindByArn = new HashMap<>();
    private final Map<String, Deque<Injected>> injected = new HashMap<>();

    ScriptedForecast(S3Client s3) {
        this.s3 = s3;
    }

    /** Forgets the script and the recorded calls (names stay taken, as in Forecast). */
    synchronized void reset() {
        calls.clear();
        statusScripts.clear();
        failureMessages.clear();
        injected.clear();
    }

    /** What successive describe calls of new {@code kind} resources report; the last status repeats. */
    synchronized ScriptedForecast statuses(Kind kind, String... statuses) {
        statusScripts.put(kind, List.of(statuses));
        return this;
    }

    /** The Message a describe call reports once the resource's status is a failure status. */
    synchronized ScriptedForecast failureMessage(Kind kind, String message) {
        failureMessages.put(kind, message);
        return this;
    }

    /** The next {@code times} calls of {@code operation} answer HTTP 400 {@code errorType}. */
    synchronized ScriptedForecast fail(String operation, int times, String errorType, String message) {
        Deque<Injected> queue = injected.computeIfAbsent(operation, o -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Injected(errorType, message));
        }
        return this;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    @Override
    public synchronized Reply call(String operation, JsonNode request) {
        calls.add(new Call(operation, request));
        Deque<Injected> errors = injected.get(operation);
        if (errors != null && !errors.isEmpty()) {
            Injected error = errors.poll();
            return Reply.error(400, error.errorType(), error.message());
        }
        if (operation.startsWith("Create")) {
            return create(Kind.ofNoun(operation.substring("Create".length())), request);
        }
        if (operation.startsWith("Describe")) {
            return describe(Kind.ofNoun(operation.substring("Describe".length())), request);
        }
        if (operation.startsWith("Delete")) {
            Kind kind = Kind.ofNoun(operation.substring("Delete".length()));
            String arn = arnParameter(kind, request);
            if (!kindByArn.containsKey(arn)) {
                return Reply.error(400, "ResourceNotFoundException", "No resource found " + arn);
            }
            return Reply.ok(JSON.createObjectNode());
        }
        if (operation.equals("StopResource")) {
            return Reply.ok(JSON.createObjectNode());
        }
        return Reply.error(400, "InvalidInputException", "the scripted Forecast does not know " + operation);
    }

    private Reply create(Kind kind, JsonNode request) {
        if (kind == null) {
            return Reply.error(400, "InvalidInputException", "unknown resource kind");
        }
        String name = request.path(kind.noun + "Name").asText("");
        if (!name.matches("[a-zA-Z][a-zA-Z0-9_]{0,62}")) {
            return Reply.error(
                    400,
                    "InvalidInputException",
                    "1 validation error detected: Value '" + name
                            + "' at '" + Character.toLowerCase(kind.noun.charAt(0)) + kind.noun.substring(1)
                            + "Name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                            + "^[a-zA-Z][a-zA-Z0-9_]*");
        }
        if (!names.computeIfAbsent(kind, k -> new HashSet<>()).add(name)) {
            return Reply.error(
                    400, "ResourceAlreadyExistsException", "A " + kind.noun + " with name " + name + " already exists");
        }
        String arn = kind.arn(name);
        kindByArn.put(arn, kind);
        statusesByArn.put(arn, new ArrayDeque<>(statusScripts.getOrDefault(kind, List.of("ACTIVE"))));
        if (kind == Kind.FORECAST_EXPORT_JOB || kind == Kind.PREDICTOR_BACKTEST_EXPORT_JOB) {
            writeExport(
                    kind,
                    name,
                    request.path("Destination").path("S3Config").path("Path").asText());
        }
        ObjectNode response = JSON.createObjectNode();
        response.put(kind.noun + "Arn", arn);
        return Reply.ok(response);
    }

    private Reply describe(Kind kind, JsonNode request) {
        String arn = arnParameter(kind, request);
        Deque<String> statuses = statusesByArn.get(arn);
        if (statuses == null) {
            return Reply.error(400, "ResourceNotFoundException", "No resource found " + arn);
        }
        String status = statuses.size() > 1 ? statuses.poll() : statuses.peek();
        ObjectNode response = JSON.createObjectNode();
        response.put(kind.noun + "Arn", arn);
        response.put(kind.noun + "Name", arn.substring(arn.lastIndexOf('/') + 1));
        response.put("Status", status);
        if (!status.equals("ACTIVE")
                && !status.startsWith("CREATE_IN")
                && !status.equals("CREATE_PENDING")
                && failureMessages.containsKey(kind)) {
            response.put("Message", failureMessages.get(kind));
        }
        // Forecast answers epoch seconds; the definition must not depend on (or choke on) these
        response.put("CreationTime", Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());
        response.put(
                "LastModificationTime", Instant.parse("2026-03-01T10:05:00Z").getEpochSecond());
        return Reply.ok(response);
    }

    private static String arnParameter(Kind kind, JsonNode request) {
        return kind == null ? "" : request.path(kind.noun + "Arn").asText("");
    }

    /** Writes what Forecast writes for an export: {@code <JobName>_<timestamp>_part<N>.csv}, a header in each. */
    private void writeExport(Kind kind, String jobName, String path) {
        if (!path.startsWith("s3://")) {
            return;
        }
        String bucketAndKey = path.substring("s3://".length());
        String bucket = bucketAndKey.substring(0, bucketAndKey.indexOf('/'));
        String prefix = bucketAndKey.substring(bucketAndKey.indexOf('/') + 1);
        String stamp = "_2026-03-01T10-00-00Z_part";
        if (kind == Kind.FORECAST_EXPORT_JOB) {
            List<List<String>> parts = ExportFixtures.forecastParts(4);
            for (int i = 0; i < parts.size(); i++) {
                put(bucket, prefix + jobName + stamp + i + ".csv", parts.get(i));
            }
        } else {
            List<List<String>> accuracy = ExportFixtures.accuracyParts();
            for (int i = 0; i < accuracy.size(); i++) {
                put(
                        bucket,
                        prefix + "accuracy-metrics-values/Accuracy_" + jobName + stamp + i + ".csv",
                        accuracy.get(i));
            }
            List<List<String>> forecasted = ExportFixtures.backtestForecastParts();
            for (int i = 0; i < forecasted.size(); i++) {
                put(bucket, prefix + "forecasted-values/Forecasts_" + jobName + stamp + i + ".csv", forecasted.get(i));
            }
        }
    }

    private void put(String bucket, String key, List<String> lines) {
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType("text/csv"),
                RequestBody.fromString(String.join("\n", lines) + "\n"));
    }

    static List<String> creates(List<String> operations) {
        List<String> result = new ArrayList<>();
        for (String operation : operations) {
            if (operation.startsWith("Create")) {
                result.add(operation);
            }
        }
        return result;
    }
}
