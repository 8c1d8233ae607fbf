package com.example.serverless.secretsenv.api;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.SecretsUnavailableException;
import com.example.serverless.secretsenv.aws.SecretSource;
import com.example.serverless.secretsenv.aws.SecretValue;
import com.example.serverless.secretsenv.aws.SecretsManagerSource;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.load.LoadedSecrets;
import com.example.serverless.secretsenv.load.SecretLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same secrets as the wrapper exports, read in-process and re-read once they are older than
 * {@code SECRETS_ENV_REFRESH_SECONDS} (default 300), so a rotated value reaches a warm function without a cold
 * start. Same configuration, same formats, names and refusals as the wrapper ({@link SecretLoader}).
 *
 * <pre>{@code
 * private static final CachedSecrets SECRETS = CachedSecrets.fromEnvironment();   // once per container
 * String password = SECRETS.get("DB_PASSWORD");                                    // per invocation: cached
 * }</pre>
 *
 * <p>The first load is lazy (first {@link #get}), so constructing it in a handler costs nothing at init. The
 * secret source (its SDK clients, HTTP connections and role credentials) is opened once and kept across refreshes.
 *
 * <p>When a refresh fails because Secrets Manager cannot be read ({@link SecretsUnavailableException}: outage,
 * timeout, throttling, denied), the last good values are served for up to {@code SECRETS_ENV_STALE_SECONDS}
 * (default 900) past their refresh time, with a warning, and Secrets Manager is asked again at most every
 * {@link #RETRY_AFTER_FAILURE}; after that the failure propagates (the invocation fails and Lambda's retries see
 * it). A refusal (a secret deleted, or its content no longer valid) propagates at once, never served stale.
 * Thread-safe.
 */
public final class CachedSecrets {

    /** How long a failed refresh is trusted before Secrets Manager is asked again, so an outage costs one slow call. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(CachedSecrets.class.getName());

    private final SecretLoader loader;
    private final SecretsEnvConfig config;
    private final Clock clock;
    private final SecretSource.Opener opener;
    private final AtomicReference<SecretSource> source = new AtomicReference<>();
    private LoadedSecrets current;
    private Instant loadedAt;
    private Instant failedAt;

    /**
     * @param opener opened once, on the first load; its source is kept for every later refresh (and opened again
     *               only after a load gave up on it, {@link SecretSource#abandon})
     */
    public CachedSecrets(SecretsEnvConfig config, SecretSource.Opener opener, Clock clock) {
        this.config = config;
        this.opener = opener;
        this.loader = new SecretLoader(config, this::reusedSource, clock);
        this.clock = clock;
    }

    /** Configured from the function's environment ({@code SECRETS_ENV_*}), real Secrets Manager clients. */
    public static CachedSecrets fromEnvironment() {
        Map<String, String> env = System.getenv();
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env);
        SecretsManagerSource.ClientSettings settings = SecretsManagerSource.ClientSettings.fromEnvironment(env);
        return new CachedSecrets(
                config, timeout -> SecretsManagerSource.longLived(config, settings), Clock.systemUTC());
    }

    /** Every variable, as the wrapper would export it now (or, during an outage, as it last could). */
    public synchronized Map<String, String> variables() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(loadedAt.plus(config.refreshInterval()))) {
            return current.variables();
        }
        if (current != null
                && failedAt != null
                && now.isBefore(failedAt.plus(RETRY_AFTER_FAILURE))
                && servableStale(now)) {
            return current.variables();
        }
        try {
            current = loader.load();
            loadedAt = now;
            failedAt = null;
        } catch (SecretsUnavailableException e) {
            if (current == null || !servableStale(now)) {
                throw e;
            }
            failedAt = now;
            // the message names secrets, regions and AWS error codes, never a value
            LOG.log(
                    System.Logger.Level.WARNING,
                    "secrets refresh failed, serving the values loaded at " + loadedAt
                            + " until "
                            + loadedAt.plus(config.refreshInterval()).plus(config.staleOnError()) + " at the "
                            + "latest (" + SecretsEnvConfig.STALE_SECONDS + "): " + e.getMessage());
        }
        return current.variables();
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(variables().get(name));
    }

    /** @throws SecretsEnvException naming the variable when no configured secret defines it */
    public String get(String name) {
        return find(name)
                .orElseThrow(() -> new SecretsEnvException("no configured secret defines " + name + " ("
                        + SecretsEnvConfig.SECRETS + " lists " + config.secrets() + ")"));
    }

    /** Drops the cache: the next read loads again (e.g. after an authentication error with a rotated password). */
    public synchronized void invalidate() {
        current = null;
        failedAt = null;
    }

    private boolean servableStale(Instant now) {
        return now.isBefore(loadedAt.plus(config.refreshInterval()).plus(config.staleOnError()));
    }

    /**
     * The kept source, opened on first use, behind a view the loader may close after each load. Runs on the
     * loader's thread while {@link #variables} holds this object's lock: it must not take that lock.
     */
    private SecretSource reusedSource(Duration timeout) {
        SecretSource kept = source.get();
        if (kept == null) {
            kept = opener.open(timeout);
            source.set(kept);
        }
        SecretSource underlying = kept;
        return new SecretSource() {
            @Override
            public SecretValue read(SecretRef secret, Duration left) {
                return underlying.read(secret, left);
            }

            @Override
            public void close() {
                // kept for the next refresh
            }

            @Override
            public void detach() {
                // the next refresh opens a fresh source, even if it starts before this one is closed
                source.compareAndSet(underlying, null);
            }

            @Override
            public void abandon() {
                // a read is stuck: cut it
                source.compareAndSet(underlying, null);
                underlying.abandon();
            }
        };
    }
}
