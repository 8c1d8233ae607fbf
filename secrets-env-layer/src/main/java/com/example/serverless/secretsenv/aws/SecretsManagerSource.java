package com.example.serverless.secretsenv.aws;

import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.secretsenv.SecretsUnavailableException;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Reads secrets with the SDK v2 Secrets Manager client, one client per region, after assuming the configured role
 * if there is one. Clients are built by the suite's {@link AwsClients} (URL-connection HTTP client: the lightest
 * to load; explicit timeouts), with this layer's credentials and endpoint on top. {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL_STS} are honoured by the SDK itself.
 *
 * <p>Two lifetimes: {@link #opener} opens one per load and closes it after (the wrapper's fetcher, which loads
 * once); {@link #longLived} is kept by the in-process API for the life of the container, so a refresh reuses its
 * clients and their pooled connections instead of building an HTTP client and shaking hands with TLS each time.
 * A kept source cannot hold one set of assumed-role credentials (they expire after 15 minutes), so it assumes the
 * role through the SDK's refreshing provider instead.
 */
public final class SecretsManagerSource implements SecretSource {

    private static final Duration MAX_CONNECT = Duration.ofSeconds(2);

    private final SecretsEnvConfig config;
    private final ClientSettings settings;
    private final ClientTimeouts timeouts;
    private final AwsCredentialsProvider credentials;
    private final List<SdkAutoCloseable> owned;
    private final Map<String, SecretsManagerClient> clients = new ConcurrentHashMap<>();
    private final AtomicInteger clientsBuilt = new AtomicInteger();

    /**
     * How clients are built. {@code endpoint} is for tests that cannot set {@code AWS_ENDPOINT_URL}.
     *
     * @param credentials the caller's own credentials (the role, if configured, is assumed with them)
     * @param endpoint    an endpoint for both Secrets Manager and STS, if not the SDK's default resolution
     */
    public record ClientSettings(AwsCredentialsProvider credentials, Optional<URI> endpoint) {

        /** Inside Lambda the credentials are environment variables: skip the default chain's probing. */
        public static ClientSettings fromEnvironment(Map<String, String> env) {
            boolean fromEnv = env.get("AWS_ACCESS_KEY_ID") != null && env.get("AWS_SECRET_ACCESS_KEY") != null;
            AwsCredentialsProvider provider = fromEnv
                    ? EnvironmentVariableCredentialsProvider.create()
                    : DefaultCredentialsProvider.builder().build();
            return new ClientSettings(provider, Optional.empty());
        }
    }

    private SecretsManagerSource(
            SecretsEnvConfig config,
            ClientSettings settings,
            ClientTimeouts timeouts,
            AwsCredentialsProvider credentials,
            List<SdkAutoCloseable> owned) {
        this.config = config;
        this.settings = settings;
        this.timeouts = timeouts;
        this.credentials = credentials;
        this.owned = owned;
    }

    /** One source per load (the fetcher): the role, if any, is assumed once within the load's budget. */
    public static SecretSource.Opener opener(SecretsEnvConfig config, ClientSettings settings) {
        return timeout -> open(config, settings, timeout);
    }

    static SecretsManagerSource open(SecretsEnvConfig config, ClientSettings settings, Duration timeout) {
        ClientTimeouts timeouts = timeouts(config, timeout);
        AwsCredentialsProvider credentials =
                config.roleArn().isPresent() ? assumeRole(config, settings, timeouts, timeout) : settings.credentials();
        return new SecretsManagerSource(config, settings, timeouts, credentials, List.of());
    }

    /**
     * A source to keep across loads (the in-process API). Builds nothing until the first read; with a role, the
     * SDK's provider assumes it on first use and again shortly before the credentials expire.
     */
    public static SecretsManagerSource longLived(SecretsEnvConfig config, ClientSettings settings) {
        ClientTimeouts timeouts = timeouts(config, config.timeout());
        if (config.roleArn().isEmpty()) {
            return new SecretsManagerSource(config, settings, timeouts, settings.credentials(), List.of());
        }
        StsClient sts = stsClient(config, settings, timeouts);
        StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(assumeRoleRequest(config))
                .asyncCredentialUpdateEnabled(false) // no background thread in a frozen Lambda sandbox
                .build();
        return new SecretsManagerSource(config, settings, timeouts, role, List.of(role, sts));
    }

    /** How many Secrets Manager clients this source has built: one per region, however many loads it serves. */
    public int clientsBuilt() {
        return clientsBuilt.get();
    }

    @Override
    public SecretValue read(SecretRef secret, Duration timeout) {
        String region = secret.arnRegion().orElse(config.region());
        SecretsManagerClient client = clients.computeIfAbsent(region, this::client);
        String id = secret.label(); // as messages name it: the id, and the version when not the current one
        try {
            GetSecretValueResponse response = client.getSecretValue(request -> request.secretId(secret.secretId())
                    .versionId(secret.version().id().orElse(null))
                    .versionStage(secret.version().stage().orElse(null))
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)));
            return response.secretString() != null
                    ? SecretValue.ofText(id, response.secretString())
                    : SecretValue.binary(id);
        } catch (ResourceNotFoundException e) {
            throw ReadFailures.notFound(secret, region, e);
        } catch (AwsServiceException e) {
            throw ReadFailures.failed(id, region, serviceError(e), e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw ReadFailures.timedOut(config, "reading secret '" + id + "'", e);
        } catch (SdkClientException e) {
            throw ReadFailures.failed(id, region, clientError(e), e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(SecretsManagerClient::close);
        clients.clear();
        owned.forEach(SdkAutoCloseable::close);
    }

    private SecretsManagerClient client(String region) {
        clientsBuilt.incrementAndGet();
        return withSettings(
                        AwsClients.configure(SecretsManagerClient.builder(), timeouts, Region.of(region)),
                        settings,
                        credentials)
                .build();
    }

    /** AwsClients' client, with this layer's credentials (environment or assumed role) and test endpoint. */
    private static <B extends AwsClientBuilder<B, ?>> B withSettings(
            B builder, ClientSettings settings, AwsCredentialsProvider credentials) {
        builder.credentialsProvider(credentials);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The load's budget bounds every call; connecting gets at most 2 s of it. */
    private static ClientTimeouts timeouts(SecretsEnvConfig config, Duration timeout) {
        Duration budget = config.timeout();
        return new ClientTimeouts(timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT, budget, budget, budget);
    }

    private static StsClient stsClient(SecretsEnvConfig config, ClientSettings settings, ClientTimeouts timeouts) {
        return withSettings(
                        AwsClients.configure(StsClient.builder(), timeouts, Region.of(config.region())),
                        settings,
                        settings.credentials())
                .build();
    }

    private static AssumeRoleRequest assumeRoleRequest(SecretsEnvConfig config) {
        return AssumeRoleRequest.builder()
                .roleArn(config.roleArn().orElseThrow())
                .roleSessionName(sessionName(System.getenv("AWS_LAMBDA_FUNCTION_NAME")))
                .externalId(config.externalId().orElse(null))
                .durationSeconds(900) // the minimum: the fetcher needs it for seconds, the API refreshes it
                .build();
    }

    private static AwsCredentialsProvider assumeRole(
            SecretsEnvConfig config, ClientSettings settings, ClientTimeouts timeouts, Duration timeout) {
        String roleArn = config.roleArn().orElseThrow();
        try (StsClient sts = stsClient(config, settings, timeouts)) {
            Credentials credentials = sts.assumeRole(assumeRoleRequest(config).toBuilder()
                            .overrideConfiguration(
                                    o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
                            .build())
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
        } catch (AwsServiceException e) {
            throw new SecretsUnavailableException("assuming role " + roleArn + " failed: " + serviceError(e), e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw ReadFailures.timedOut(config, "assuming role " + roleArn, e);
        } catch (SdkClientException e) {
            throw new SecretsUnavailableException("assuming role " + roleArn + " failed: " + clientError(e), e);
        }
    }

    /** STS session names allow [\w+=,.@-], 2 to 64 characters; CloudTrail shows it, so it names the function. */
    static String sessionName(String functionName) {
        String base = "secrets-env-" + (functionName == null ? "local" : functionName);
        String clean = base.replaceAll("[^\\w+=,.@-]", "-");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }

    private static String serviceError(AwsServiceException e) {
        // AWS error messages name actions, ARNs and principals, never secret values
        return ReadFailures.serviceError(
                e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage(), e.statusCode());
    }

    private static String clientError(SdkClientException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
