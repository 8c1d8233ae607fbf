package com.example.serverless.secretsenv.fetcher;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.aws.SecretSources;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.load.LoadedSecrets;
import com.example.serverless.secretsenv.load.SecretLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * The short-lived process {@code secrets-env-wrapper} runs before the runtime starts. It writes the variables to
 * stdout in {@link NulRecords} form and everything else, one {@code secrets-env: ...} line each, to stderr (which
 * Lambda sends to the function's log). Exit status 0 means stdout is complete; 1 means nothing usable was written.
 *
 * <p>No logging framework: a few stderr lines need none, and Log4j's start-up alone would cost more than the
 * fetch. The SDK's own SLF4J output goes to stderr through slf4j-simple at WARN.
 */
public final class FetcherMain {

    private FetcherMain() {}

    public static void main(String[] args) {
        // stdout carries the records only: anything else printing to System.out lands on stderr instead
        PrintStream records = System.out;
        System.setOut(System.err);
        long started = System.nanoTime();
        Map<String, String> env = System.getenv();
        SecretSources.startTlsWarmUp(env); // first: overlaps TLS start-up with everything before the connection
        int status = run(env, records, System.err);
        if (status == 0) {
            System.err.printf("secrets-env: fetcher finished in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
        System.exit(status);
    }

    static int run(Map<String, String> env, PrintStream records, PrintStream log) {
        try {
            SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env);
            SecretLoader loader = new SecretLoader(config, SecretSources.forFetcher(config, env), Clock.systemUTC());
            LoadedSecrets loaded = loader.load();
            loaded.notices().forEach(notice -> log.println("secrets-env: NOTICE " + notice));
            log.println("secrets-env: exporting " + loaded.variables().size() + " variable(s) from "
                    + config.secrets().size() + " secret(s): "
                    + String.join(", ", loaded.variables().keySet()));
            records.write(NulRecords.encode(loaded));
            records.flush();
            if (records.checkError()) {
                throw new IOException("stdout closed before all records were written");
            }
            return 0;
        } catch (SecretsEnvException e) {
            log.println("secrets-env: ERROR " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            log.println("secrets-env: ERROR unexpected " + e.getClass().getName() + ": " + e.getMessage());
            return 1;
        }
    }
}
