package com.example.serverless.secretsenv;

/**
 * Secrets Manager (or STS, for the role) could not be reached in time or answered with an error: an outage or a
 * permission problem, not a refusal of the configuration or of a secret's content. The in-process API may serve
 * its last good values through such a failure for a bounded time ({@code SECRETS_ENV_STALE_SECONDS}); it never
 * does for a refusal.
 */
public class SecretsUnavailableException extends SecretsEnvException {

    public SecretsUnavailableException(String message) {
        super(message);
    }

    public SecretsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
