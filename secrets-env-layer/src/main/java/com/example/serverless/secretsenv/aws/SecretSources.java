package com.example.serverless.secretsenv.aws;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the fetcher's source. The common Lambda case (credentials in the environment, no role to assume) takes
 * {@link DirectSecretsManagerSource}, which starts in a fraction of the SDK client's time; a role, credentials
 * only the SDK's default chain can find, or {@code SECRETS_ENV_CLIENT=sdk} take {@link SecretsManagerSource}.
 * This class names no SDK type, so the direct path never loads the SDK client classes.
 */
public final class SecretSources {

    public static final String CLIENT = "SECRETS_ENV_CLIENT";

    private SecretSources() {}

    public static SecretSource.Opener forFetcher(SecretsEnvConfig config, Map<String, String> env) {
        Optional<DirectSecretsManagerSource.Settings> direct = directSettings(config, env);
        return direct.isPresent()
                ? DirectSecretsManagerSource.opener(config, direct.get())
                : SecretsManagerSource.opener(config, SecretsManagerSource.ClientSettings.fromEnvironment(env));
    }

    /**
     * Starts building the JVM's TLS client side in the background ({@link TlsWarmUp}), first thing in the fetcher,
     * so it overlaps reading the configuration, the endpoint rules and signing. Both clients connect over HTTPS with
     * the JDK's default context; skipped only when the configured endpoint is plain HTTP (local testing).
     *
     * @return whether the warm-up was started
     */
    public static boolean startTlsWarmUp(Map<String, String> env) {
        boolean plainHttp;
        try {
            plainHttp = DirectSecretsManagerSource.Settings.configuredEndpoint(env)
                    .map(uri -> "http".equalsIgnoreCase(uri.getScheme()))
                    .orElse(false);
        } catch (IllegalArgumentException e) {
            plainHttp = false; // a malformed URL is reported by the load itself, with the usual message
        }
        return !plainHttp && TlsWarmUp.start() != null;
    }

    /** The direct source's settings when it can do this load, empty when the SDK client must. */
    static Optional<DirectSecretsManagerSource.Settings> directSettings(
            SecretsEnvConfig config, Map<String, String> env) {
        String client = Optional.ofNullable(env.get(CLIENT)).map(String::trim).orElse("");
        if (!client.isEmpty() && !client.equals("auto") && !client.equals("sdk")) {
            throw new SecretsEnvException(CLIENT + " must be 'auto' or 'sdk', was '" + client + "'");
        }
        if (client.equals("sdk") || config.roleArn().isPresent()) {
            return Optional.empty();
        }
        return DirectSecretsManagerSource.Settings.fromEnvironment(env);
    }
}
