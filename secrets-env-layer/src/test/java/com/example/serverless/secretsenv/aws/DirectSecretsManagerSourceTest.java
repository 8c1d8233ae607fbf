package com.example.serverless.secretsenv.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class DirectSecretsManagerSourceTest {

    private static final Map<String, String> LAMBDA = Map.of(
            "AWS_REGION",
            "eu-west-1",
            "AWS_ACCESS_KEY_ID",
            "ASIAKEY",
            "AWS_SECRET_ACCESS_KEY",
            "secret",
            "AWS_SESSION_TOKEN",
            "token",
            "SECRETS_ENV_SECRETS",
            "app/db");

    private static Map<String, String> lambdaWith(String... pairs) {
        Map<String, String> env = new HashMap<>(LAMBDA);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static Optional<DirectSecretsManagerSource.Settings> chosen(Map<String, String> env) {
        return SecretSources.directSettings(SecretsEnvConfig.fromEnvironment(env), env);
    }

    private static URI endpointFor(String region, String... env) {
        DirectSecretsManagerSource.Settings settings = DirectSecretsManagerSource.Settings.fromEnvironment(
                        lambdaWith(env))
                .orElseThrow();
        return new DirectSecretsManagerSource(SecretsEnvConfig.fromEnvironment(LAMBDA), settings).endpoint(region);
    }

    @Test
    void lambdaEnvironmentWithoutRole_takesTheDirectSource_withTheSessionCredentials() {
        DirectSecretsManagerSource.Settings settings = chosen(LAMBDA).orElseThrow();

        assertThat(settings.credentials()).isInstanceOf(AwsSessionCredentialsIdentity.class);
        assertThat(((AwsSessionCredentialsIdentity) settings.credentials()).sessionToken())
                .isEqualTo("token");
        assertThat(settings.endpoint()).isEmpty();
    }

    @Test
    void roleNoEnvironmentCredentialsOrClientSdk_takeTheSdkClient() {
        assertThat(chosen(lambdaWith("SECRETS_ENV_ROLE_ARN", "arn:aws:iam::123456789012:role/reader")))
                .isEmpty();
        assertThat(chosen(lambdaWith("SECRETS_ENV_CLIENT", "sdk"))).isEmpty();
        Map<String, String> noKeys = lambdaWith();
        noKeys.remove("AWS_ACCESS_KEY_ID");
        assertThat(chosen(noKeys))
                .as("the default chain (profiles, container, IMDS) is the SDK's job")
                .isEmpty();
        assertThat(chosen(lambdaWith("SECRETS_ENV_CLIENT", "auto"))).isPresent();
    }

    @Test
    void unknownClientSetting_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> chosen(lambdaWith("SECRETS_ENV_CLIENT", "fast")))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessage("SECRETS_ENV_CLIENT must be 'auto' or 'sdk', was 'fast'");
    }

    @Test
    void endpoints_comeFromTheSdkRules_andOverridesFollowTheSdkPrecedence() {
        assertThat(endpointFor("eu-west-1")).hasToString("https://secretsmanager.eu-west-1.amazonaws.com");
        assertThat(endpointFor("cn-north-1")).hasToString("https://secretsmanager.cn-north-1.amazonaws.com.cn");
        assertThat(endpointFor("us-east-1", "AWS_USE_FIPS_ENDPOINT", "true"))
                .hasToString("https://secretsmanager-fips.us-east-1.amazonaws.com");
        assertThat(endpointFor(
                        "eu-west-1",
                        "AWS_ENDPOINT_URL",
                        "http://global:1",
                        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                        "http://service:2"))
                .hasToString("http://service:2");
        assertThat(endpointFor("eu-west-1", "AWS_ENDPOINT_URL", "http://global:1"))
                .hasToString("http://global:1");
        assertThat(endpointFor(
                        "eu-west-1",
                        "AWS_ENDPOINT_URL",
                        "http://global:1",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                        "true"))
                .hasToString("https://secretsmanager.eu-west-1.amazonaws.com");
    }

    @Test
    void response_givesTheSecretString_orBinary_andNeverQuotesTheValueWhenBroken() {
        assertThat(parse("{\"ARN\":\"a\",\"VersionStages\":[\"AWSCURRENT\"],\"SecretString\":\"{\\\"K\\\":1}\"}")
                        .text())
                .contains("{\"K\":1}");
        assertThat(parse("{\"Name\":\"n\",\"SecretBinary\":\"AAEC\"}").text()).isEmpty();
        assertThatThrownBy(() -> parse("{\"Name\":\"n\"}")).hasMessageContaining("neither SecretString");
        assertThatThrownBy(() -> parse("{\"SecretString\":\"hunter2"))
                .hasMessage("reading secret 'app/db': the response is not valid JSON");
    }

    @Test
    void requestBody_escapesTheId() {
        assertThat(new String(DirectSecretsManagerSource.requestBody("a\"b\\c"), StandardCharsets.UTF_8))
                .isEqualTo("{\"SecretId\":\"a\\\"b\\\\c\"}");
    }

    private static SecretValue parse(String json) {
        return DirectSecretsManagerSource.parseValue("app/db", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A listener that never accepts, with its accept queue filled: the kernel drops further SYNs, so a new connection
     * times out while connecting (nothing on the machine answers it), the way an unreachable endpoint does.
     */
    private static final class UnreachableListener implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> queued = new ArrayList<>();

        UnreachableListener() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 64; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(server.getLocalSocketAddress(), 200);
                    queued.add(filler);
                } catch (SocketTimeoutException full) {
                    filler.close();
                    return;
                }
            }
            close();
            throw new IllegalStateException("the accept queue never filled: cannot provoke a connect timeout here");
        }

        URI endpoint() {
            InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
            return URI.create("http://" + address.getHostString() + ":" + address.getPort());
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : queued) {
                socket.close();
            }
            server.close();
        }
    }

    private static Throwable readThrough(URI endpoint, String budgetMs, Duration maxConnect) {
        Map<String, String> env =
                lambdaWith("AWS_ENDPOINT_URL", endpoint.toString(), "SECRETS_ENV_TIMEOUT_MS", budgetMs);
        DirectSecretsManagerSource source = new DirectSecretsManagerSource(
                SecretsEnvConfig.fromEnvironment(env),
                DirectSecretsManagerSource.Settings.fromEnvironment(env).orElseThrow(),
                maxConnect);
        return catchThrowable(() ->
                source.read(new SecretRef("app/db", Optional.empty()), Duration.ofMillis(Long.parseLong(budgetMs))));
    }

    @Test
    void connectTimeout_withBudgetLeft_isRetried_andReportedAsUnreachable_notAsASpentBudget() throws Exception {
        try (UnreachableListener unreachable = new UnreachableListener()) {
            long started = System.nanoTime();
            Throwable thrown = readThrough(unreachable.endpoint(), "5000", Duration.ofMillis(150));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(thrown)
                    .isInstanceOf(SecretsEnvException.class)
                    .hasMessageStartingWith(
                            "reading secret 'app/db' in eu-west-1 failed: cannot reach " + unreachable.endpoint())
                    .hasMessageEndingWith("connect timed out after 150 ms")
                    .hasMessageNotContaining("budget");
            assertThat(took)
                    .as("3 attempts of 150 ms each, well inside the 5 s budget")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(450))
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void retries_waitTheSharedBackoff_fullJitterBelow100ThenBelow200Ms_withoutSleepingInTests() throws Exception {
        List<Duration> slept = new ArrayList<>();
        try (UnreachableListener unreachable = new UnreachableListener()) {
            Map<String, String> env =
                    lambdaWith("AWS_ENDPOINT_URL", unreachable.endpoint().toString(), "SECRETS_ENV_TIMEOUT_MS", "5000");
            DirectSecretsManagerSource source = new DirectSecretsManagerSource(
                    SecretsEnvConfig.fromEnvironment(env),
                    DirectSecretsManagerSource.Settings.fromEnvironment(env).orElseThrow(),
                    Duration.ofMillis(50),
                    DirectSecretsManagerSource.STANDARD_RETRIES.withSleeper(slept::add));

            assertThat(catchThrowable(
                            () -> source.read(new SecretRef("app/db", Optional.empty()), Duration.ofSeconds(5))))
                    .hasMessageContaining("cannot reach");
        }

        assertThat(slept).as("3 attempts: 2 waits").hasSize(2);
        assertThat(slept.get(0)).isLessThan(Duration.ofMillis(100));
        assertThat(slept.get(1)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void connectTimeout_thatUsesTheWholeBudget_isReportedAsASpentBudget() throws Exception {
        try (UnreachableListener unreachable = new UnreachableListener()) {
            long started = System.nanoTime();
            Throwable thrown = readThrough(unreachable.endpoint(), "300", Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(thrown)
                    .isInstanceOf(SecretsEnvException.class)
                    .hasMessage(
                            "reading secret 'app/db' got no answer within the 300 ms budget (SECRETS_ENV_TIMEOUT_MS)");
            assertThat(took).isLessThan(Duration.ofSeconds(2));
        }
    }
}
