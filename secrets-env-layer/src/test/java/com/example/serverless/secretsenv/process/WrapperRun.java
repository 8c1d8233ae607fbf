package com.example.serverless.secretsenv.process;

import com.example.serverless.testsupport.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real wrapper (bash) as Lambda would: a clean environment, the runtime's command line as arguments. The
 * "runtime" is {@code env -0}, so the result is the exact environment the runtime would have started with.
 *
 * @param exitCode the wrapper's (or the exec'd command's) exit status
 * @param stdout   what the runtime printed
 * @param stderr   the layer's log lines
 * @param elapsed  whole-process time
 */
record WrapperRun(int exitCode, byte[] stdout, String stderr, Duration elapsed) {

    static final List<String> PRINT_ENV = List.of("/usr/bin/env", "-0");

    /** The environment Lambda would give: PATH, region, credentials (local endpoint), the function's variables. */
    static Map<String, String> lambdaLikeEnvironment(LocalAws aws) {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "secrets-env-it");
        env.put("AWS_LAMBDA_EXEC_WRAPPER", LayerUnderTest.wrapper().toString());
        env.put(
                "SECRETS_ENV_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return env;
    }

    static WrapperRun run(Map<String, String> env, List<String> runtimeCommand) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(LayerUnderTest.wrapper().toString());
        command.addAll(runtimeCommand);
        return start(env, command);
    }

    /** As {@link #run}, with the stack limit (which sets the kernel's argument and environment limit) lowered. */
    static WrapperRun runWithStackLimit(Map<String, String> env, int stackKb, List<String> runtimeCommand)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "/bin/bash",
                "-c",
                "ulimit -s " + stackKb + " && exec \"$0\" \"$@\"",
                LayerUnderTest.wrapper().toString()));
        command.addAll(runtimeCommand);
        return start(env, command);
    }

    private static WrapperRun start(Map<String, String> env, List<String> command) throws Exception {
        Path out = Files.createTempFile("wrapper-out", ".bin");
        Path err = Files.createTempFile("wrapper-err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("wrapper still running after 60 s; stderr: " + Files.readString(err));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        try {
            return new WrapperRun(process.exitValue(), Files.readAllBytes(out), Files.readString(err), elapsed);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The runtime's environment, parsed from {@code env -0} output (NAME=VALUE, NUL-terminated). */
    Map<String, String> runtimeEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        String text = new String(stdout, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            throw new AssertionError("the runtime never started; exit " + exitCode + ", stderr:\n" + stderr);
        }
        for (String entry : text.split("\0")) {
            int eq = entry.indexOf('=');
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    boolean runtimeStarted() {
        return stdout.length > 0;
    }
}
