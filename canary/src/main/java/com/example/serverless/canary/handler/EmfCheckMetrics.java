package com.example.serverless.canary.handler;

import com.example.serverless.canary.check.CheckResult;
import java.util.List;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One CloudWatch embedded-metric-format (EMF) line per run through Powertools' functional API (no AspectJ): per
 * check, CanarySuccess 1 or 0 and CanaryFailure 0 or 1 (so Average of CanarySuccess is the success rate and Sum of
 * CanaryFailure the failed checks), and CanaryLatency. Dimensions Service=canary, Function=canary; the namespace is
 * POWERTOOLS_METRICS_NAMESPACE (the template's MetricsNamespace). CloudWatch Logs turns the line into metrics, so
 * the function needs no cloudwatch:PutMetricData.
 */
final class EmfCheckMetrics implements CheckMetrics {

    static final String SERVICE = "canary";
    static final String FUNCTION = "canary";

    private final Metrics metrics;

    EmfCheckMetrics(String namespace) {
        this.metrics = MetricsBuilder.builder()
                .withNamespace(namespace)
                .withDefaultDimensions(DimensionSet.of("Service", SERVICE, "Function", FUNCTION))
                .withRaiseOnEmptyMetrics(true)
                .build();
    }

    @Override
    public void publish(List<CheckResult> results) {
        for (CheckResult result : results) {
            metrics.addMetric("CanarySuccess", result.passed() ? 1 : 0, MetricUnit.COUNT);
            metrics.addMetric("CanaryFailure", result.passed() ? 0 : 1, MetricUnit.COUNT);
            metrics.addMetric("CanaryLatency", result.latencyMs(), MetricUnit.MILLISECONDS);
        }
        metrics.flush();
    }
}
