package com.example.serverless.secretsenv.api;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.aws.SecretSource;
import com.example.serverless.secretsenv.aws.SecretsManagerSource;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.load.LoadedSecrets;
import com.example.serverless.secretsenv.load.SecretLoader;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

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
 * <p>The first load is lazy (first {@link #get}), so constructing it in a handler costs nothing at init. A failed
 * refresh throws (the invocation fails and Lambda's retries see it) and the next call tries again; values are never
 * silently kept past their interval. Thread-safe.
 */
public final class CachedSecrets {

    private final SecretLoader loader;
    private final SecretsEnvConfig config;
    private final Clock clock;
    private LoadedSecrets current;
    private Instant loadedAt;

    public CachedSecrets(SecretsEnvConfig config, SecretSource.Opener opener, Clock clock) {
        this.config = config;
        this.loader = new SecretLoader(config, opener, clock);
        this.clock = clock;
    }

    /** Configured from the function's environment ({@code SECRETS_ENV_*}), real Secrets Manager clients. */
    public static CachedSecrets fromEnvironment() {
        Map<String, String> env = System.getenv();
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env);
        return new CachedSecrets(config,
                SecretsManagerSource.opener(config, SecretsManagerSource.ClientSettings.fromEnvironment(env)),
                Clock.systemUTC());
    }

    /** Every variable, as the wrapper would export it now. */
    public synchronized Map<String, String> variables() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(loadedAt.plus(config.refreshInterval()))) {
            current = loader.load();
            loadedAt = now;
        }
        return current.variables();
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(variables().get(name));
    }

    /** @throws SecretsEnvException naming the variable when no configured secret defines it */
    public String get(String name) {
        return find(name).orElseThrow(() -> new SecretsEnvException("no configured secret defines " + name
                + " (" + SecretsEnvConfig.SECRETS + " lists " + config.secrets() + ")"));
    }

    /** Drops the cache: the next read loads again (e.g. after an authentication error with a rotated password). */
    public synchronized void invalidate() {
        current = null;
    }
}
