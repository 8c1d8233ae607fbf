package com.example.serverless.canary.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Follows the user's route: one GET per check through the distribution, each answer compared with what the edge and
 * the versioned API promise (demo-api's {@code apiVersion} field, the edge's documented 403). Never throws for a bad
 * answer: a wrong status, a wrong version, a timeout or a refused connection is a failed check with its reason.
 */
public final class Canary {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bodies larger than this are not parsed: no version answer is that big. */
    private static final int MAX_BODY_CHARS = 64 * 1024;

    private final HttpClient http;
    private final CanaryConfig config;
    private final LongSupplier nanoTime;

    public Canary(HttpClient http, CanaryConfig config) {
        this(http, config, System::nanoTime);
    }

    Canary(HttpClient http, CanaryConfig config, LongSupplier nanoTime) {
        this.http = http;
        this.config = config;
        this.nanoTime = nanoTime;
    }

    public List<CheckResult> run() throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : config.checks()) {
            results.add(run(check));
        }
        return List.copyOf(results);
    }

    CheckResult run(Check check) throws InterruptedException {
        URI uri = URI.create(config.baseUrl() + config.path());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(config.requestTimeout())
                .header(check.header(), check.value())
                .header("User-Agent", "serverless-java-suite-canary")
                .header("Cache-Control", "no-cache")
                .build();
        long start = nanoTime.getAsLong();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return failed(
                    check,
                    0,
                    start,
                    "no answer within " + config.requestTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return failed(check, 0, start, "request failed: " + e.getClass().getSimpleName());
        }
        String problem = problemWith(check.expectation(), response.statusCode(), response.body());
        return problem == null
                ? new CheckResult(check.name(), true, response.statusCode(), elapsedMs(start), null)
                : failed(check, response.statusCode(), start, problem);
    }

    /** Null when the answer is the expected one, else what differs (expected vs. seen, never the whole body). */
    static String problemWith(Expectation expectation, int status, String body) {
        return switch (expectation) {
            case Expectation.ServedBy servedBy -> {
                if (status != 200) {
                    yield "expected 200 from " + servedBy.version() + ", got " + status;
                }
                String seen = field(body, "apiVersion");
                yield servedBy.version().equals(seen)
                        ? null
                        : "expected apiVersion " + servedBy.version() + ", got " + describe(seen);
            }
            case Expectation.Refused refused -> {
                if (status != refused.status()) {
                    yield "expected " + refused.status() + ", got " + status;
                }
                String seen = field(body, "message");
                yield refused.message().equals(seen)
                        ? null
                        : "expected message '" + refused.message() + "', got " + describe(seen);
            }
        };
    }

    private static String field(String body, String name) {
        if (body == null || body.length() > MAX_BODY_CHARS) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(body).path(name);
            return value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(String seen) {
        if (seen == null) {
            return "no such field in a JSON body";
        }
        // the value comes from the network: keep log lines short and printable
        String printable = seen.replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + (printable.length() > 80 ? printable.substring(0, 80) + "..." : printable) + "'";
    }

    private CheckResult failed(Check check, int status, long start, String problem) {
        return new CheckResult(check.name(), false, status, elapsedMs(start), problem);
    }

    private long elapsedMs(long start) {
        return (nanoTime.getAsLong() - start) / 1_000_000;
    }
}
