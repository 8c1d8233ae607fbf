package com.example.serverless.testsupport.sfn;

import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.ProjectPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A moto_server that executes state machines, with its Lambda (and scripted JSON-service) calls answered by a
 * {@link LambdaBridge}. Started by the workflow test itself (not the shared {@code @LocalAwsTest} endpoint) because
 * two things must be set when the process starts: {@code MOTO_PORT}, the port moto's interpreter calls for every AWS
 * API (pointed at the bridge), and the interpreter fixes in {@code moto_server_sfn.py} (this module's resource).
 * Uses the same moto as LocalAws ({@code MOTO_SERVER}, else the project's {@code .venv}). Fails, never skips, when
 * moto cannot start.
 */
public final class LocalStepFunctions implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final LambdaBridge bridge;

    private LocalStepFunctions(Process process, URI endpoint, LambdaBridge bridge) {
        this.process = process;
        this.endpoint = endpoint;
        this.bridge = bridge;
    }

    public static LocalStepFunctions start() throws IOException, InterruptedException {
        Path python = python();
        Path launcher = Files.createTempFile("moto_server_sfn", ".py");
        try (InputStream in = LocalStepFunctions.class.getResourceAsStream("/moto_server_sfn.py")) {
            Files.copy(in, launcher, StandardCopyOption.REPLACE_EXISTING);
        }
        LambdaBridge bridge = LambdaBridge.start();
        int port = freePort();
        Path log = Files.createTempFile("moto-sfn-" + port, ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        python.toString(), launcher.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("AWS_ENDPOINT_URL");
        builder.environment().put("MOTO_PORT", Integer.toString(bridge.port()));
        builder.environment().put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        Process process = builder.start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        bridge.forwardTo(endpoint);
        LocalStepFunctions local = new LocalStepFunctions(process, endpoint, bridge);
        Runtime.getRuntime().addShutdownHook(new Thread(local::close, "moto-sfn-stop"));
        local.awaitReady(log);
        local.post(
                "/moto-api/config",
                "{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}");
        return local;
    }

    /**
     * Polls the execution until it is no longer RUNNING (the interpreter runs it in the background).
     *
     * @throws AssertionError when it is still running after {@code timeout}
     */
    public static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
        while (execution.status() == ExecutionStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("execution " + executionArn + " still RUNNING after " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            execution = sfn.describeExecution(b -> b.executionArn(executionArn));
        }
        return execution;
    }

    public URI endpoint() {
        return endpoint;
    }

    public LambdaBridge bridge() {
        return bridge;
    }

    private void awaitReady(Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server_sfn.py exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection)
                        endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "moto_server_sfn.py did not answer within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    private void post(String path, String json) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        if (connection.getResponseCode() / 100 != 2) {
            throw new IllegalStateException("moto rejected " + json + ": HTTP " + connection.getResponseCode());
        }
    }

    /** The Python that runs moto_server: next to {@code MOTO_SERVER} if set, else the project's .venv. */
    private static Path python() {
        String configured = System.getProperty("localaws.moto", System.getenv("MOTO_SERVER"));
        Path bin = configured != null && !configured.isBlank()
                ? Path.of(configured).toAbsolutePath().getParent()
                : ProjectPaths.root().resolve(".venv/bin");
        for (String name : List.of("python3", "python")) {
            Path candidate = bin.resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no python next to moto_server in " + bin + " (run scripts/setup-tools.sh or set MOTO_SERVER)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        bridge.close();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
