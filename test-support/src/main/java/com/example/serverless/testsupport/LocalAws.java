package com.example.serverless.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A local AWS endpoint for integration tests, chosen in this order:
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL} (or {@code -Dlocalaws.endpoint}) when set: used as is, must answer;</li>
 *   <li>{@code LOCAL_AWS_BACKEND=localstack}: LocalStack through Testcontainers (needs Docker);</li>
 *   <li>otherwise a {@code moto_server} started on a free 127.0.0.1 port and stopped when the JVM's tests end
 *       (from {@code MOTO_SERVER}, the project's {@code .venv}, or the {@code PATH}).</li>
 * </ol>
 * Any failure to get an endpoint is an {@link ExtensionConfigurationException}: the test fails, it does not skip.
 */
public final class LocalAws implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    /** moto and LocalStack accept any credentials; fixed ones keep request signing deterministic. */
    public static final String ACCESS_KEY = "testing";

    public static final String SECRET_KEY = "testing";

    public enum Backend {
        EXPLICIT,
        MOTO,
        LOCALSTACK
    }

    private final URI endpoint;
    private final Backend backend;
    private final AutoCloseable owner;

    private LocalAws(URI endpoint, Backend backend, AutoCloseable owner) {
        this.endpoint = endpoint;
        this.backend = backend;
        this.owner = owner;
    }

    static LocalAws start() {
        String explicit = firstNonBlank(System.getProperty("localaws.endpoint"), System.getenv("AWS_ENDPOINT_URL"));
        if (explicit != null) {
            URI uri = URI.create(explicit);
            requireReachable(uri, "AWS_ENDPOINT_URL=" + explicit);
            return new LocalAws(uri, Backend.EXPLICIT, () -> {});
        }
        String backend = firstNonBlank(System.getProperty("localaws.backend"), System.getenv("LOCAL_AWS_BACKEND"));
        if (backend != null && backend.toLowerCase(Locale.ROOT).equals("localstack")) {
            LocalStackBackend localStack = LocalStackBackend.start();
            return new LocalAws(localStack.endpoint(), Backend.LOCALSTACK, localStack);
        }
        MotoServer moto = MotoServer.start();
        return new LocalAws(moto.endpoint(), Backend.MOTO, moto);
    }

    public URI endpoint() {
        return endpoint;
    }

    public Backend backend() {
        return backend;
    }

    public boolean isMoto() {
        return backend == Backend.MOTO;
    }

    public Region region() {
        return REGION;
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /**
     * Points an SDK client builder at this endpoint. S3 callers add {@code .forcePathStyle(true)}: bucket
     * subdomains of 127.0.0.1 do not resolve.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** Variables that point a child process (a fetcher, the AWS CLI, node) at this endpoint. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", REGION.id(),
                "AWS_DEFAULT_REGION", REGION.id(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** A fresh, bucket- and table-safe name, so tests never share state. */
    public static String uniqueName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String name = clean + "-" + UUID.randomUUID().toString().substring(0, 12);
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }

    /**
     * Sends a moto configuration document, e.g. {@code {"stepfunctions":{"execute_state_machine":true}}}.
     * Only moto has this API; other backends fail the calling test.
     */
    public void motoConfig(String json) {
        if (!isMoto()) {
            throw new IllegalStateException("moto configuration requested but the backend is " + backend);
        }
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    endpoint.resolve("/moto-api/config").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status / 100 != 2) {
                throw new IllegalStateException("moto rejected configuration " + json + ": HTTP " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto configuration failed", e);
        }
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }

    static void requireReachable(URI uri, String what) {
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
        } catch (IOException e) {
            throw new ExtensionConfigurationException(
                    "Local AWS endpoint " + what + " does not answer (" + e.getMessage() + "). "
                            + "Integration tests need it; they fail rather than skip.",
                    e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
