package com.example.serverless.secretsenv.aws;

import com.example.serverless.common.retry.Backoff;
import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;

/**
 * Reads secrets with one SigV4-signed {@code GetSecretValue} POST per secret (JSON 1.1 protocol) over
 * {@link HttpURLConnection}: the fetcher's fast path. Building the SDK client (defaults modes, interceptors,
 * marshallers, an eager TLS context) costs more than everything else the fetcher does; this source uses only the
 * SDK's own pieces that matter for correctness: the SigV4 signer ({@link AwsV4HttpSigner}, no hand-written
 * crypto) and the generated Secrets Manager endpoint rules (partitions, FIPS, dual-stack, endpoint overrides).
 *
 * <p>Only for the common Lambda case: credentials in {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * (/{@code AWS_SESSION_TOKEN}) and no role to assume. Everything else goes through {@link SecretsManagerSource}
 * ({@link SecretSources}). Retries follow the SDK's standard mode: at most 3 attempts, for throttling, 5xx and
 * connection failures, with the SDK's full-jitter exponential back-off (common's {@link Backoff}, base 100 ms),
 * all within the load's budget: a delay that would end after it is not waited out.
 */
public final class DirectSecretsManagerSource implements SecretSource {

    static final String TARGET = "secretsmanager.GetSecretValue";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String SIGNING_NAME = "secretsmanager";
    /** The SDK's standard retry mode: 3 attempts, full jitter from 100 ms, at most 20 s. */
    static final Backoff STANDARD_RETRIES = Backoff.fullJitter(3, Duration.ofMillis(100), Duration.ofSeconds(20));

    private static final Duration MAX_CONNECT = Duration.ofSeconds(2);
    private static final Set<String> THROTTLING = Set.of(
            "ThrottlingException",
            "Throttling",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "RequestThrottledException");
    private static final JsonFactory JSON = new JsonFactory();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final SecretsEnvConfig config;
    private final Settings settings;
    private final Duration maxConnect;
    private final Backoff backoff;
    private final Map<String, URI> endpoints = new HashMap<>();
    /** The connection of the call in progress, so that {@link #close} can cut a call the loader abandoned. */
    private volatile HttpURLConnection current;

    /**
     * What the direct source needs from the environment.
     *
     * @param credentials the function's own credentials
     * @param endpoint    {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL}, if set
     * @param useFips     {@code AWS_USE_FIPS_ENDPOINT}
     * @param useDualStack {@code AWS_USE_DUALSTACK_ENDPOINT}
     * @param clock       the signing clock
     */
    public record Settings(
            AwsCredentialsIdentity credentials,
            Optional<URI> endpoint,
            boolean useFips,
            boolean useDualStack,
            Clock clock) {

        /**
         * The settings Lambda's environment gives, or empty when the credentials are not in the environment (then
         * the SDK's default chain has to find them).
         */
        public static Optional<Settings> fromEnvironment(Map<String, String> env) {
            String keyId = env.get("AWS_ACCESS_KEY_ID");
            String secretKey = env.get("AWS_SECRET_ACCESS_KEY");
            if (isBlank(keyId) || isBlank(secretKey)) {
                return Optional.empty();
            }
            String token = env.get("AWS_SESSION_TOKEN");
            AwsCredentialsIdentity credentials = isBlank(token)
                    ? AwsCredentialsIdentity.create(keyId.trim(), secretKey.trim())
                    : AwsSessionCredentialsIdentity.create(keyId.trim(), secretKey.trim(), token.trim());
            return Optional.of(new Settings(
                    credentials,
                    configuredEndpoint(env),
                    "true".equalsIgnoreCase(env.get("AWS_USE_FIPS_ENDPOINT")),
                    "true".equalsIgnoreCase(env.get("AWS_USE_DUALSTACK_ENDPOINT")),
                    Clock.systemUTC()));
        }

        /** The SDK's precedence: the service-specific variable, then the global one, unless both are ignored. */
        static Optional<URI> configuredEndpoint(Map<String, String> env) {
            if ("true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
                return Optional.empty();
            }
            String url = env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER");
            if (isBlank(url)) {
                url = env.get("AWS_ENDPOINT_URL");
            }
            return isBlank(url) ? Optional.empty() : Optional.of(URI.create(url.trim()));
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }

    DirectSecretsManagerSource(SecretsEnvConfig config, Settings settings) {
        this(config, settings, MAX_CONNECT);
    }

    /** With another connect-timeout cap: tests use a short one so retried connect timeouts take little time. */
    DirectSecretsManagerSource(SecretsEnvConfig config, Settings settings, Duration maxConnect) {
        this(config, settings, maxConnect, STANDARD_RETRIES);
    }

    DirectSecretsManagerSource(SecretsEnvConfig config, Settings settings, Duration maxConnect, Backoff backoff) {
        this.config = config;
        this.settings = settings;
        this.maxConnect = maxConnect;
        this.backoff = backoff;
    }

    public static SecretSource.Opener opener(SecretsEnvConfig config, Settings settings) {
        return timeout -> new DirectSecretsManagerSource(config, settings);
    }

    @Override
    public SecretValue read(SecretRef secret, Duration timeout) {
        String region = secret.arnRegion().orElse(config.region());
        String id = secret.label(); // as messages name it: the id, and the version when not the current one
        URI endpoint = endpoints.computeIfAbsent(region, this::endpoint);
        byte[] body = requestBody(secret);
        Instant deadline = Instant.now().plus(timeout);
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(Instant.now(), deadline);
            Response response;
            try {
                if (left.isNegative() || left.isZero()) {
                    throw new SocketTimeoutException("budget spent before attempt " + attempt);
                }
                response = send(endpoint, region, body, left);
            } catch (SocketTimeoutException e) {
                // the budget is really spent: a read timeout, or a connect timeout that was all that was left
                throw ReadFailures.timedOut(config, "reading secret '" + id + "'", e);
            } catch (IOException e) {
                // includes a connect timeout cut short by the connect cap: retried like any connection failure
                if (backOff(attempt + 1, deadline)) {
                    continue;
                }
                throw ReadFailures.failed(id, region, "cannot reach " + endpoint + ": " + e, e);
            }
            if (response.status() == 200) {
                return parseValue(id, response.body());
            }
            AwsError error = AwsError.of(response);
            if (error.code().equals("ResourceNotFoundException")) {
                throw ReadFailures.notFound(secret, region, null);
            }
            boolean retryable =
                    response.status() >= 500 || response.status() == 429 || THROTTLING.contains(error.code());
            if (retryable && backOff(attempt + 1, deadline)) {
                continue;
            }
            throw ReadFailures.failed(
                    id, region, ReadFailures.serviceError(error.code(), error.message(), response.status()), null);
        }
    }

    @Override
    public void close() {
        // each request uses its own connection; one still open belongs to a call abandoned at the deadline
        HttpURLConnection open = current;
        if (open != null) {
            open.disconnect();
        }
    }

    /** The signed request, as it will be sent; package-private so tests can check the signature inputs. */
    SdkHttpRequest signedRequest(URI endpoint, String region, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(
                        endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
                                ? endpoint.resolve("/")
                                : endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .build();
        return SIGNER.sign(r -> r.identity(settings.credentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, settings.clock()))
                .request();
    }

    private Response send(URI endpoint, String region, byte[] body, Duration left) throws IOException {
        SdkHttpRequest signed = signedRequest(endpoint, region, body);
        HttpURLConnection connection =
                (HttpURLConnection) signed.getUri().toURL().openConnection();
        current = connection;
        try {
            connection.setRequestMethod("POST");
            long connectMillis = Math.max(1, Math.min(left.toMillis(), maxConnect.toMillis()));
            connection.setConnectTimeout((int) connectMillis);
            connection.setReadTimeout((int) Math.max(1, left.toMillis()));
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("User-Agent", "secrets-env-layer");
            // Host is set by HttpURLConnection from the same URL the signer used (host, plus port if not default)
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) {
                    connection.setRequestProperty(name, values.get(0));
                }
            });
            long connectStarted = System.nanoTime();
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                // a TLS handshake that hangs times out here too, after the read timeout (the whole budget)
                if (connectMillis < left.toMillis() && System.nanoTime() - connectStarted < left.toNanos()) {
                    // only the connect cap ran out, not the budget: a connection failure, worth another attempt
                    ConnectException capped = new ConnectException("connect timed out after " + connectMillis + " ms");
                    capped.initCause(e);
                    throw capped;
                }
                throw e;
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] bytes = stream == null ? new byte[0] : readAll(stream);
            return new Response(status, connection.getHeaderField("x-amzn-ErrorType"), bytes);
        } finally {
            current = null;
            connection.disconnect();
        }
    }

    private static byte[] readAll(InputStream stream) throws IOException {
        try (InputStream in = stream;
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** Waits before attempt {@code next} if one is left and its delay fits in the budget; false: give up now. */
    private boolean backOff(int next, Instant deadline) {
        try {
            return backoff.pauseBefore(next, deadline);
        } catch (Backoff.RetryInterruptedException e) {
            return false; // the interrupt flag stays set; the caller reports the failure it has
        }
    }

    URI endpoint(String region) {
        return SecretsManagerEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(Region.of(region))
                        .useFips(settings.useFips())
                        .useDualStack(settings.useDualStack())
                        .endpoint(settings.endpoint().map(URI::toString).orElse(null)))
                .join()
                .url();
    }

    static byte[] requestBody(String secretId) {
        return requestBody(new SecretRef(secretId, Optional.empty()));
    }

    /** The members in the SDK's order (SecretId, VersionId, VersionStage), so the body is byte for byte the same. */
    static byte[] requestBody(SecretRef secret) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("SecretId", secret.secretId());
            if (secret.version().id().isPresent()) {
                json.writeStringField("VersionId", secret.version().id().get());
            }
            if (secret.version().stage().isPresent()) {
                json.writeStringField("VersionStage", secret.version().stage().get());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON string to memory", e);
        }
        return out.toByteArray();
    }

    /** {@code SecretString} if there is one, else binary (a {@code SecretBinary} secret); other fields skipped. */
    static SecretValue parseValue(String secretId, byte[] body) {
        boolean binary = false;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SecretsEnvException("reading secret '" + secretId + "': the response is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("SecretString") && value == JsonToken.VALUE_STRING) {
                    return SecretValue.ofText(secretId, parser.getText());
                }
                binary |= field.equals("SecretBinary") && value == JsonToken.VALUE_STRING;
                parser.skipChildren();
            }
        } catch (IOException e) {
            // position only: the response holds the secret value
            throw new SecretsEnvException("reading secret '" + secretId + "': the response is not valid JSON", e);
        }
        if (binary) {
            return SecretValue.binary(secretId);
        }
        throw new SecretsEnvException(
                "reading secret '" + secretId + "': the response holds neither SecretString nor SecretBinary");
    }

    private record Response(int status, String errorTypeHeader, byte[] body) {}

    /** An AWS JSON-protocol error: code from {@code __type} or {@code x-amzn-ErrorType}, and the message. */
    record AwsError(String code, String message) {

        static AwsError of(Response response) {
            String code = null;
            String message = null;
            try (JsonParser parser = JSON.createParser(response.body())) {
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName().toLowerCase(Locale.ROOT);
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.VALUE_STRING && field.equals("__type")) {
                            code = parser.getText();
                        } else if (value == JsonToken.VALUE_STRING && field.equals("message")) {
                            message = parser.getText();
                        }
                        parser.skipChildren();
                    }
                }
            } catch (IOException notJson) {
                // e.g. an HTML page from a proxy: the status code is all there is
            }
            if (code == null || code.isBlank()) {
                code = response.errorTypeHeader();
            }
            return new AwsError(
                    code == null || code.isBlank() ? "HTTP " + response.status() : shortCode(code),
                    message == null ? "(no message)" : message);
        }

        /** {@code aws.protocoltests#Code} and {@code Code:http://...} both mean {@code Code}. */
        private static String shortCode(String code) {
            String tail = code.substring(code.indexOf('#') + 1);
            int colon = tail.indexOf(':');
            return colon < 0 ? tail : tail.substring(0, colon);
        }
    }
}
