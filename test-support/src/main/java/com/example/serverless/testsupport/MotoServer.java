package com.example.serverless.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A {@code moto_server} child process on a free loopback port, owned by the test JVM. */
final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** What to do when no moto_server is installed; names a script and a README section that exist (tested). */
    static final String NOT_INSTALLED = "No local AWS endpoint: no moto_server in .venv/bin or on PATH. Run "
            + "scripts/setup-tools.sh (installs moto_server into .venv), or set AWS_ENDPOINT_URL or MOTO_SERVER "
            + "(README.md, section \"The local AWS endpoint\"). Integration tests fail rather than skip.";

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoServer start() {
        Path executable = findExecutable();
        int port = freePort();
        Path log = logFile(port);
        ProcessBuilder builder = new ProcessBuilder(
                        List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // moto must not see the developer's real credentials or endpoint settings
        builder.environment().remove("AWS_ENDPOINT_URL");
        builder.environment().put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExtensionConfigurationException("Cannot start " + executable + ": " + e.getMessage(), e);
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
        server.awaitReady(log);
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stop();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ExtensionConfigurationException(
                        "moto_server exited with " + process.exitValue() + " before answering; log: " + tail(log));
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new ExtensionConfigurationException(
                "moto_server did not answer within " + START_TIMEOUT + " on " + endpoint + "; log: " + tail(log));
    }

    private boolean answers() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Path findExecutable() {
        String configured = System.getProperty("localaws.moto", System.getenv("MOTO_SERVER"));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new ExtensionConfigurationException("MOTO_SERVER=" + configured + " is not an executable file");
        }
        Path venv = ProjectPaths.root().resolve(".venv/bin/moto_server");
        if (Files.isExecutable(venv)) {
            return venv;
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new ExtensionConfigurationException(NOT_INSTALLED);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ExtensionConfigurationException("No free loopback port for moto_server", e);
        }
    }

    private static Path logFile(int port) {
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            return dir.resolve("moto-server-" + port + ".log");
        } catch (IOException e) {
            throw new ExtensionConfigurationException("Cannot create target/ for the moto_server log", e);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
