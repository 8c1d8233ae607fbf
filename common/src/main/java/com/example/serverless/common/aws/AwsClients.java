package com.example.serverless.common.aws;

import com.example.serverless.common.tracing.Tracing;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.presigner.SdkPresigner;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK v2 clients the way every function in the suite wants them: the light URL-connection HTTP client,
 * explicit timeouts, region from {@code AWS_REGION}, inside Lambda the environment credentials (skipping the
 * default chain's probing, which costs cold-start time), and in a traced function an X-Ray subsegment per call
 * ({@link Tracing#sdkInterceptors()}). {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_<SERVICE>} are honoured by the SDK itself, which is how local runs reach an emulator.
 *
 * <p>Create clients once per container (in a handler's no-arg constructor), never per invocation.
 *
 * <pre>{@code S3Client s3 = AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING).build();}</pre>
 *
 * <p>Every SDK client, presigner and HTTP client of the functions is built here, so none misses a timeout.
 */
public final class AwsClients {

    private AwsClients() {}

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        return configure(builder, ClientTimeouts.FAST);
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, ClientTimeouts timeouts) {
        return configure(builder, timeouts, regionFromEnvironment());
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, ClientTimeouts timeouts, Region region) {
        return builder.region(region)
                .credentialsProvider(credentialsProvider())
                .httpClientBuilder(httpClientBuilder(timeouts))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(timeouts.attempt())
                        .apiCallTimeout(timeouts.call())
                        .executionInterceptors(Tracing.sdkInterceptors())
                        .build());
    }

    /**
     * A presigner ({@code S3Presigner.builder()}) with the clients' region and credentials. Presigning is local (no
     * HTTP call), so there are no timeouts to set; a URL signed with a Lambda role's credentials dies with them.
     */
    public static <B extends SdkPresigner.Builder> B configurePresigner(B builder) {
        builder.region(regionFromEnvironment()).credentialsProvider(credentialsProvider());
        return builder;
    }

    /**
     * The suite's HTTP client on its own, for HTTP calls that are not an SDK service call (a custom resource's
     * response to CloudFormation's presigned URL); only the connect and read timeouts of {@code timeouts} apply.
     */
    public static SdkHttpClient httpClient(ClientTimeouts timeouts) {
        return httpClientBuilder(timeouts).build();
    }

    private static UrlConnectionHttpClient.Builder httpClientBuilder(ClientTimeouts timeouts) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(timeouts.connect())
                .socketTimeout(timeouts.socketRead());
    }

    /** {@code AWS_REGION} as Lambda sets it; fails clearly rather than letting the SDK guess. */
    public static Region regionFromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_DEFAULT_REGION");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set; Lambda always sets it, set it for local runs");
        }
        return Region.of(region.trim());
    }

    /** Environment credentials inside Lambda (no default-chain probing), the default chain elsewhere. */
    public static AwsCredentialsProvider credentialsProvider() {
        boolean inLambda =
                System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null && System.getenv("AWS_ACCESS_KEY_ID") != null;
        return inLambda
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }
}
