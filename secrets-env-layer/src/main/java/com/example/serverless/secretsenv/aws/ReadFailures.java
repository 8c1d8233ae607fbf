package com.example.serverless.secretsenv.aws;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.SecretsUnavailableException;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;

/**
 * The messages both sources give for the same failure, so the log reads the same whichever client made the call.
 * Built from ids, regions, AWS error codes and AWS messages only (those name actions and ARNs, never values). No
 * SDK types here: the direct source must not load the SDK client classes through it.
 */
final class ReadFailures {

    private ReadFailures() {}

    static SecretsEnvException notFound(SecretRef secret, String region, Exception cause) {
        return new SecretsEnvException(
                "secret '" + secret.label() + "' was not found in " + region
                        + (secret.version().isCurrent()
                                ? " (or its current version has no value)"
                                : " (or has no version with that stage or id)"),
                cause);
    }

    static SecretsEnvException failed(String secretId, String region, String detail, Exception cause) {
        return new SecretsUnavailableException(
                "reading secret '" + secretId + "' in " + region + " failed: " + detail, cause);
    }

    static String serviceError(String code, String message, int status) {
        return code + ": " + message + " (HTTP " + status + ")";
    }

    static SecretsEnvException timedOut(SecretsEnvConfig config, String what, Exception cause) {
        return new SecretsUnavailableException(
                what + " got no answer within the " + config.timeout().toMillis() + " ms budget ("
                        + SecretsEnvConfig.TIMEOUT_MS + ")",
                cause);
    }
}
