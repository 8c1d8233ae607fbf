package com.example.serverless.secretsenv.config;

import com.example.serverless.secretsenv.SecretsEnvException;
import java.util.Locale;

/** What the wrapper does when the secrets cannot be loaded ({@code SECRETS_ENV_ON_FAILURE}). */
public enum FailurePolicy {
    /** Exit before the runtime starts: Lambda reports a failed init with the layer's message. The default. */
    FAIL,
    /** Start the runtime without the secret variables; the error is still logged. */
    CONTINUE;

    static FailurePolicy parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return FAIL;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "fail" -> FAIL;
            case "continue" -> CONTINUE;
            default ->
                throw new SecretsEnvException(
                        SecretsEnvConfig.ON_FAILURE + " must be 'fail' or 'continue', was '" + raw.trim() + "'");
        };
    }
}
