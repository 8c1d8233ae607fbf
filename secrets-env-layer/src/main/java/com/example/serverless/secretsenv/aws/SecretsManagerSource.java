package com.example.serverless.secretsenv.aws;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Reads secrets with the SDK v2 Secrets Manager client (URL-connection HTTP client: the lightest to load), one
 * client per region, after assuming the configured role if there is one. {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL_STS} are honoured by the SDK itself.
 */
public final class SecretsManagerSource implements SecretSource {

    private static final Duration MAX_CONNECT = Duration.ofSeconds(2);

    private final SecretsEnvConfig config;
    private final ClientSettings settings;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final Map<String, SecretsManagerClient> clients = new HashMap<>();

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

    private SecretsManagerSource(SecretsEnvConfig config, ClientSettings settings, SdkHttpClient http,
                                 AwsCredentialsProvider credentials) {
        this.config = config;
        this.settings = settings;
        this.http = http;
        this.credentials = credentials;
    }

    public static SecretSource.Opener opener(SecretsEnvConfig config, ClientSettings settings) {
        return timeout -> open(config, settings, timeout);
    }

    static SecretsManagerSource open(SecretsEnvConfig config, ClientSettings settings, Duration timeout) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT)
                .socketTimeout(config.timeout())
                .build();
        try {
            AwsCredentialsProvider credentials = config.roleArn().isPresent()
                    ? assumeRole(config, settings, http, timeout)
                    : settings.credentials();
            return new SecretsManagerSource(config, settings, http, credentials);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
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
        http.close();
    }

    private SecretsManagerClient client(String region) {
        return configure(SecretsManagerClient.builder(), region).httpClient(http).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region) {
        builder.region(Region.of(region)).credentialsProvider(credentials);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    private static AwsCredentialsProvider assumeRole(SecretsEnvConfig config, ClientSettings settings,
                                                     SdkHttpClient http, Duration timeout) {
        String roleArn = config.roleArn().orElseThrow();
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(settings.credentials())
                .httpClient(http);
        settings.endpoint().ifPresent(builder::endpointOverride);
        try (StsClient sts = builder.build()) {
            Credentials credentials = sts.assumeRole(request -> request
                    .roleArn(roleArn)
                    .roleSessionName(sessionName(System.getenv("AWS_LAMBDA_FUNCTION_NAME")))
                    .externalId(config.externalId().orElse(null))
                    .durationSeconds(900) // the minimum: the fetcher needs it for seconds
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
        } catch (AwsServiceException e) {
            throw new SecretsEnvException("assuming role " + roleArn + " failed: " + serviceError(e), e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw ReadFailures.timedOut(config, "assuming role " + roleArn, e);
        } catch (SdkClientException e) {
            throw new SecretsEnvException("assuming role " + roleArn + " failed: " + clientError(e), e);
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
        return ReadFailures.serviceError(e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage(),
                e.statusCode());
    }

    private static String clientError(SdkClientException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
