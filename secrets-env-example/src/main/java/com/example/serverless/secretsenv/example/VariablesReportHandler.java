package com.example.serverless.secretsenv.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.serverless.secretsenv.api.CachedSecrets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Shows what the secrets-env layer gave this function, by NAME only: the variables the wrapper exported before
 * the runtime started, and the ones the in-process {@link CachedSecrets} API reads (refreshed without a cold
 * start). Values never leave the function.
 */
public final class VariablesReportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Map<String, String> environment;
    private final Supplier<Set<String>> inProcessNames;

    public VariablesReportHandler() {
        this(System.getenv(), namesOf(CachedSecrets.fromEnvironment()));
    }

    VariablesReportHandler(Map<String, String> environment, Supplier<Set<String>> inProcessNames) {
        this.environment = Map.copyOf(environment);
        this.inProcessNames = inProcessNames;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("wrapperRan", "1".equals(environment.get("SECRETS_ENV_LOADED")));
        report.put("exported", exportedNames());
        report.put("inProcess", List.copyOf(new TreeSet<>(inProcessNames.get())));
        return report;
    }

    /** Names the wrapper listed in SECRETS_ENV_NAMES that really are in this process's environment. */
    private List<String> exportedNames() {
        String listed = environment.getOrDefault("SECRETS_ENV_NAMES", "");
        return Arrays.stream(listed.split(","))
                .filter(name -> !name.isEmpty() && environment.containsKey(name))
                .sorted()
                .toList();
    }

    private static Supplier<Set<String>> namesOf(CachedSecrets secrets) {
        return () -> secrets.variables().keySet();
    }
}
