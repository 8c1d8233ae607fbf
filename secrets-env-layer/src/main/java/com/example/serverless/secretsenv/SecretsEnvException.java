package com.example.serverless.secretsenv;

/**
 * A failure the layer reports to the function's log and, by default, turns into a failed init. Every message is
 * written to be printed as is: it names the secret, key or variable involved and never contains a secret value.
 */
public class SecretsEnvException extends RuntimeException {

    public SecretsEnvException(String message) {
        super(message);
    }

    public SecretsEnvException(String message, Throwable cause) {
        super(message, cause);
    }
}
