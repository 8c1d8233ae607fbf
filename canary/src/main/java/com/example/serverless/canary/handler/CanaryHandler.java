package com.example.serverless.canary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.serverless.canary.check.Canary;
import com.example.serverless.canary.check.CanaryConfig;
import com.example.serverless.canary.check.CanaryPriming;
import com.example.serverless.canary.check.CheckResult;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.priming.Priming;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Scheduled by EventBridge Scheduler (template parameter CanaryRate): sends the user's requests through the
 * CloudFront distribution (each configured version, then a version that does not exist), checks each answer and
 * publishes the outcome as metrics. A failed check does not fail the invocation: the metrics (and the alarm on
 * them) are the signal, and a retry would only count the same minute twice. Bad configuration fails the init.
 */
public class CanaryHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(CanaryHandler.class);
    private static final CanaryPriming PRIMING = Priming.register(new CanaryPriming());

    private final Canary canary;
    private final CheckMetrics metrics;

    public CanaryHandler() {
        this(Env.system());
    }

    private CanaryHandler(Env env) {
        this(
                new Canary(
                        HttpClient.newBuilder()
                                .connectTimeout(Duration.ofSeconds(3))
                                // a redirect is a wrong answer, not something to follow
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build(),
                        CanaryConfig.from(env)),
                new EmfCheckMetrics(env.required("POWERTOOLS_METRICS_NAMESPACE")));
    }

    CanaryHandler(Canary canary, CheckMetrics metrics) {
        this.canary = canary;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        try (var ids = CloseableThreadContext.put("requestId", context.getAwsRequestId())) {
            List<CheckResult> results;
            try {
                results = canary.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("canary run interrupted", e);
            }
            for (CheckResult result : results) {
                try (var check = CloseableThreadContext.put("check", result.name())
                        .put("status", Integer.toString(result.status()))
                        .put("latencyMs", Long.toString(result.latencyMs()))) {
                    if (result.passed()) {
                        LOG.info("check passed");
                    } else {
                        LOG.warn("check failed: {}", result.problem());
                    }
                }
            }
            metrics.publish(results);
            return report(results);
        }
    }

    private static Map<String, Object> report(List<CheckResult> results) {
        long passed = results.stream().filter(CheckResult::passed).count();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("passed", passed);
        report.put("failed", results.size() - passed);
        report.put(
                "checks",
                results.stream()
                        .map(r -> {
                            Map<String, Object> check = new LinkedHashMap<>();
                            check.put("name", r.name());
                            check.put("passed", r.passed());
                            check.put("status", r.status());
                            check.put("latencyMs", r.latencyMs());
                            if (r.problem() != null) {
                                check.put("problem", r.problem());
                            }
                            return check;
                        })
                        .toList());
        return report;
    }
}
