package com.example.serverless.common.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a function's configuration from its environment (set by {@code template.yaml}), failing at init with a
 * message that names the variable, so a mis-wired template shows up as one clear log line instead of a
 * NullPointerException in the middle of an invocation.
 */
public final class Env {

    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String required(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingConfigurationException(name);
        }
        return value.trim();
    }

    public String optional(String name, String defaultValue) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        return parsed(name, defaultValue, Integer::parseInt, min, max);
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        return parsed(name, defaultValue, Long::parseLong, min, max);
    }

    private <N extends Number & Comparable<N>> N parsed(
            String name, N defaultValue, Function<String, N> parser, N min, N max) {
        String raw = variables.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        N value;
        try {
            value = parser.apply(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name, "is not a whole number: '" + raw + "'");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidConfigurationException(name, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A required variable is absent or blank. */
    public static final class MissingConfigurationException extends IllegalStateException {
        public MissingConfigurationException(String name) {
            super("Environment variable " + name + " is required but not set (check template.yaml)");
        }
    }

    /** A variable is present but unusable. */
    public static final class InvalidConfigurationException extends IllegalStateException {
        public InvalidConfigurationException(String name, String problem) {
            super("Environment variable " + name + " " + problem);
        }
    }
}
