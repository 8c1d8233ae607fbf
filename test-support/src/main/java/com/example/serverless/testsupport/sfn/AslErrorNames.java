package com.example.serverless.testsupport.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that every name in every {@code ErrorEquals} of a state machine can really occur. Step Functions matches
 * names exactly and never complains about one that cannot match, so a typo or a renamed exception class silently
 * turns a Retry or Catch off. A name is accepted when it is
 * <ul>
 *   <li>a {@code States.*} name Step Functions defines;</li>
 *   <li>in a {@code lambda:invoke} task: a {@code Lambda.*} error of the Invoke API or of the Step Functions
 *       integration, or a Java class name (what a Java function reports as its {@code errorType}) that loads
 *       from the calling test's classpath (the function module's) and extends {@link Throwable};</li>
 *   <li>in an {@code aws-sdk:<service>:*} task: {@code <Service>.<Error>} with an error of that service listed
 *       in {@link #SERVICE_ERRORS}.</li>
 * </ul>
 * Anything else (a simple name a Java function never reports, another service's prefix, an unknown class) is a
 * problem, reported with the state that names it.
 */
public final class AslErrorNames {

    /** The Amazon States Language's and Step Functions' own error names (Step Functions Developer Guide). */
    static final Set<String> STATES = Set.of(
            "States.ALL",
            "States.BranchFailed",
            "States.DataLimitExceeded",
            "States.ExceedToleratedFailureThreshold",
            "States.HeartbeatTimeout",
            "States.Http.Socket",
            "States.IntrinsicFailure",
            "States.ItemReaderFailed",
            "States.NoChoiceMatched",
            "States.ParameterPathFailure",
            "States.Permissions",
            "States.QueryEvaluationError",
            "States.ResultPathMatchFailure",
            "States.ResultWriterFailed",
            "States.Runtime",
            "States.TaskFailed",
            "States.Timeout");

    /**
     * {@code Lambda.*} names a {@code lambda:invoke} task reports: the Invoke API's errors (Lambda API reference)
     * and the integration's client-side ones (Step Functions best practices, "Handle transient Lambda service
     * exceptions").
     */
    static final Set<String> LAMBDA = Set.of(
            "Lambda.AWSLambdaException",
            "Lambda.ClientExecutionTimeoutException",
            "Lambda.SdkClientException",
            "Lambda.Unknown",
            "Lambda.EC2AccessDeniedException",
            "Lambda.EC2ThrottledException",
            "Lambda.EC2UnexpectedException",
            "Lambda.EFSIOException",
            "Lambda.EFSMountConnectivityException",
            "Lambda.EFSMountFailureException",
            "Lambda.EFSMountTimeoutException",
            "Lambda.ENILimitReachedException",
            "Lambda.InvalidParameterValueException",
            "Lambda.InvalidRequestContentException",
            "Lambda.InvalidRuntimeException",
            "Lambda.InvalidSecurityGroupIDException",
            "Lambda.InvalidSubnetIDException",
            "Lambda.InvalidZipFileException",
            "Lambda.KMSAccessDeniedException",
            "Lambda.KMSDisabledException",
            "Lambda.KMSInvalidStateException",
            "Lambda.KMSNotFoundException",
            "Lambda.RecursiveInvocationException",
            "Lambda.RequestTooLargeException",
            "Lambda.ResourceConflictException",
            "Lambda.ResourceNotFoundException",
            "Lambda.ResourceNotReadyException",
            "Lambda.ServiceException",
            "Lambda.SnapStartException",
            "Lambda.SnapStartNotReadyException",
            "Lambda.SnapStartTimeoutException",
            "Lambda.SubnetIPAddressLimitReachedException",
            "Lambda.TooManyRequestsException",
            "Lambda.UnsupportedMediaTypeException");

    /**
     * Errors of the services the suite calls through {@code aws-sdk:} integrations, as the service's API
     * reference lists them (its operations' errors and the common errors); the prefix is the service name as
     * Step Functions spells it.
     */
    static final Map<String, Set<String>> SERVICE_ERRORS = Map.of(
            "forecast",
            Set.of(
                    "Forecast.InvalidInputException",
                    "Forecast.InvalidNextTokenException",
                    "Forecast.LimitExceededException",
                    "Forecast.ResourceAlreadyExistsException",
                    "Forecast.ResourceInUseException",
                    "Forecast.ResourceNotFoundException",
                    "Forecast.AccessDeniedException",
                    "Forecast.ThrottlingException",
                    "Forecast.ValidationException"));

    private static final Pattern JAVA_CLASS = Pattern.compile("([a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AslErrorNames() {}

    /** Problems in the definition at {@code asl}; empty when every name can occur. */
    public static List<String> problems(Path asl) {
        try {
            return problems(JSON.readTree(Files.readString(asl)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + asl, e);
        }
    }

    public static List<String> problems(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        walk(definition.path("States"), problems);
        return problems;
    }

    private static void walk(JsonNode states, List<String> problems) {
        states.properties().forEach(entry -> {
            JsonNode state = entry.getValue();
            for (String field : List.of("Retry", "Catch")) {
                for (JsonNode rule : state.path(field)) {
                    for (JsonNode name : rule.path("ErrorEquals")) {
                        String problem =
                                check(name.asText(), state.path("Resource").asText(""));
                        if (problem != null) {
                            problems.add(entry.getKey() + " " + field + ": '" + name.asText() + "' " + problem);
                        }
                    }
                }
            }
            walk(state.path("ItemProcessor").path("States"), problems);
            walk(state.path("Iterator").path("States"), problems);
            state.path("Branches").forEach(branch -> walk(branch.path("States"), problems));
        });
    }

    /** Null when {@code name} can occur in a state whose Resource is {@code resource}, else why not. */
    static String check(String name, String resource) {
        if (name.startsWith("States.")) {
            return STATES.contains(name) ? null : "is not an error Step Functions defines";
        }
        boolean lambdaTask = resource.startsWith("arn:aws:states:::lambda:invoke");
        if (resource.startsWith("arn:aws:states:::aws-sdk:")) {
            String service =
                    resource.substring("arn:aws:states:::aws-sdk:".length()).split(":")[0];
            Set<String> known = SERVICE_ERRORS.get(service.toLowerCase(Locale.ROOT));
            if (known == null) {
                return "cannot be checked: no error list for the " + service + " integration in AslErrorNames";
            }
            return known.contains(name) ? null : "is not an error of the " + service + " API";
        }
        if (!lambdaTask) {
            return "is neither a States.* name nor an error this kind of state reports (" + resource + ")";
        }
        if (name.startsWith("Lambda.")) {
            return LAMBDA.contains(name) ? null : "is not an error of Lambda's Invoke API or its integration";
        }
        if (!JAVA_CLASS.matcher(name).matches()) {
            return "is not what a Java function reports: its errorType is the exception's fully qualified class name";
        }
        try {
            Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
            return Throwable.class.isAssignableFrom(type) ? null : "is a class but not a Throwable";
        } catch (ClassNotFoundException e) {
            return "is not a class on the function's classpath (renamed or misspelt?)";
        }
    }
}
