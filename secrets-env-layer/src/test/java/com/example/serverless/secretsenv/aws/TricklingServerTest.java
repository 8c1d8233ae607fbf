package com.example.serverless.secretsenv.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.load.SecretLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A server that answers, but one byte at a time: every single read succeeds well within any per-read timeout, so
 * only a deadline for the whole fetch stops it. A load through either source must give up within the budget, with
 * the usual "no answer within the budget" message.
 */
class TricklingServerTest {

    private static final SecretsEnvConfig CONFIG = SecretsEnvConfig.fromEnvironment(
            Map.of("AWS_REGION", "eu-west-1", "SECRETS_ENV_SECRETS", "app/db", "SECRETS_ENV_TIMEOUT_MS", "1000"));

    enum Trickle {
        /** status line and headers come at once, the body one byte per 50 ms */
        BODY,
        /** the whole response, status line included, one byte per 50 ms */
        EVERYTHING
    }

    enum Client {
        DIRECT(endpoint -> DirectSecretsManagerSource.opener(
                CONFIG,
                new DirectSecretsManagerSource.Settings(
                        AwsCredentialsIdentity.create("AKIDTEST", "secret"),
                        Optional.of(endpoint),
                        false,
                        false,
                        Clock.systemUTC()))),
        SDK(endpoint -> SecretsManagerSource.opener(
                CONFIG,
                new SecretsManagerSource.ClientSettings(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                        Optional.of(endpoint))));

        final Function<URI, SecretSource.Opener> opener;

        Client(Function<URI, SecretSource.Opener> opener) {
            this.opener = opener;
        }
    }

    @BeforeAll
    static void loadTheSdkClientClassesFirst() {
        // on a loaded machine, the SDK's first client build alone can take a second: that is not what is measured here
        Client.SDK
                .opener
                .apply(URI.create("http://127.0.0.1:9"))
                .open(Duration.ofSeconds(30))
                .close();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void tricklingBody_isCutAtTheBudget(Client client) throws Exception {
        assertGivesUpWithinTheBudget(client, Trickle.BODY);
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void tricklingStatusLineAndHeaders_isCutAtTheBudget(Client client) throws Exception {
        assertGivesUpWithinTheBudget(client, Trickle.EVERYTHING);
    }

    private static void assertGivesUpWithinTheBudget(Client client, Trickle trickle) throws Exception {
        try (TricklingServer server = new TricklingServer(trickle)) {
            SecretLoader loader = new SecretLoader(CONFIG, client.opener.apply(server.endpoint()), Clock.systemUTC());
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(loader::load);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(thrown)
                    .isInstanceOf(SecretsEnvException.class)
                    .hasMessage(
                            "reading secret 'app/db' got no answer within the 1000 ms budget (SECRETS_ENV_TIMEOUT_MS)");
            assertThat(took)
                    .as("one deadline for the whole fetch, not one per read")
                    .isLessThan(Duration.ofMillis(2000));
        }
    }

    /** Answers every connection with a valid response of ~2 KB, dribbled out; the whole of it would take ~100 s. */
    private static final class TricklingServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        TricklingServer(Trickle trickle) throws IOException {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofPlatform().daemon().start(() -> serve(socket, trickle));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void serve(Socket socket, Trickle trickle) {
            try (socket;
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream()) {
                in.read(new byte[8192]); // the request (small, arrives at once); its content does not matter
                String body = "{\"Name\":\"app/db\",\"SecretString\":\"" + "x".repeat(2000) + "\"}";
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: "
                        + body.length() + "\r\n\r\n";
                byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
                if (trickle == Trickle.BODY) {
                    out.write(headBytes);
                    out.flush();
                } else {
                    dribble(out, headBytes);
                }
                dribble(out, body.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | InterruptedException gone) {
                // the client gave up: what the test wants
            }
        }

        private static void dribble(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(50);
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
