package com.example.serverless.secretsenv.aws;

import com.example.serverless.secretsenv.config.SecretRef;
import java.time.Duration;

/**
 * Reads secrets. The wrapper's fetcher opens one per load; the in-process API opens one and keeps it for its life
 * (the loader closes what it opened after each load, so that API hands the loader a view that does not close).
 */
public interface SecretSource extends AutoCloseable {

    /**
     * @param timeout what is left of the load's budget for this call, retries included
     * @throws com.example.serverless.secretsenv.SecretsEnvException with a message naming the secret
     */
    SecretValue read(SecretRef secret, Duration timeout);

    @Override
    void close();

    /**
     * Called, on another thread, when a load gave up on this source while a read was still running: cuts that
     * read. A source kept across loads also drops its clients here, so the next load builds fresh ones.
     */
    default void abandon() {
        close();
    }

    /**
     * Called on the loading thread, before {@link #abandon} runs on another, when a load gives up on this source:
     * a source kept across loads stops being handed out at once, so a load that starts before the abandoned one is
     * closed cannot pick it up. Must not block.
     */
    default void detach() {}

    /** Opens a source for one load, within {@code timeout} (assuming a role counts against it). */
    @FunctionalInterface
    interface Opener {
        SecretSource open(Duration timeout);
    }
}
