package com.example.serverless.secretsenv.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one load.
 *
 * @param variables   names (prefix applied) to values, in the order they were first defined
 * @param nextWrapper the wrapper to exec after this one, if the function or a secret names one
 * @param notices     lines worth logging (overridden keys); names only, never values
 */
public record LoadedSecrets(Map<String, String> variables, Optional<String> nextWrapper, List<String> notices) {

    public LoadedSecrets {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        notices = List.copyOf(notices);
    }

    @Override
    public String toString() {
        return "LoadedSecrets" + variables.keySet()
                + nextWrapper.map(w -> " then " + w).orElse(""); // no values
    }
}
