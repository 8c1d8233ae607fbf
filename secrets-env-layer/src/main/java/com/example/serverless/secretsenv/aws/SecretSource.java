package com.example.serverless.secretsenv.aws;

import com.example.serverless.secretsenv.config.SecretRef;
import java.time.Duration;

/** Reads secrets. One per load: it holds the (possibly assumed-role) credentials for that load. */
public interface SecretSource extends AutoCloseable {

    /**
     * @param timeout what is left of the load's budget for this call, retries included
     * @throws com.example.serverless.secretsenv.SecretsEnvException with a message naming the secret
     */
    SecretValue read(SecretRef secret, Duration timeout);

    @Override
    void close();

    /** Opens a source for one load, within {@code timeout} (assuming a role counts against it). */
    @FunctionalInterface
    interface Opener {
        SecretSource open(Duration timeout);
    }
}
