package com.example.serverless.common.metrics;

import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.DeadlineExceededException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One function's CloudWatch metrics, written as embedded-metric-format (EMF) JSON lines on stdout through
 * Powertools Metrics; CloudWatch Logs turns them into metrics, no API call and no IAM permission needed.
 *
 * <p>Every metric carries exactly two dimensions, {@code Service} and {@code Function}: fixed strings, never ids.
 * The namespace comes from {@code POWERTOOLS_METRICS_NAMESPACE} (the template's {@code MetricsNamespace}).
 *
 * <p>Why not {@code MetricsFactory.getMetricsInstance()} and {@code @FlushMetrics}: the annotation needs AspectJ
 * weaving, and the factory's singleton is shared by every handler in a JVM (tests run several) and probes EC2/ECS
 * metadata endpoints outside Lambda. This class owns its own Powertools logger, always in the Lambda environment
 * (stdout), and flushes explicitly at the end of each invocation ({@link #flushAfter}).
 *
 * <p>Counts recorded several times in one invocation are summed, so one EMF line carries one value per count.
 */
public final class FunctionMetrics implements MetricsSink {

    public static final String NAMESPACE_VARIABLE = "POWERTOOLS_METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "ServerlessJavaSuite";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    private static final Logger LOG = LogManager.getLogger(FunctionMetrics.class);

    private final Metrics metrics;
    private final Clock clock;
    private final Map<String, Double> counts = new LinkedHashMap<>();
    private boolean pending;

    private FunctionMetrics(String namespace, String service, String function, Clock clock) {
        this.clock = clock;
        this.metrics = new EmfMetricsLogger(new LambdaOnly(), new MetricsContext());
        metrics.setNamespace(namespace);
        metrics.setDefaultDimensions(DimensionSet.of("Service", service, "Function", function));
    }

    /**
     * @param service  the system, e.g. {@code "batch-orchestrator"}
     * @param function the function within it, e.g. {@code "chunk"}
     */
    public static FunctionMetrics forFunction(Env env, String service, String function) {
        return forFunction(env, service, function, Clock.systemUTC());
    }

    static FunctionMetrics forFunction(Env env, String service, String function, Clock clock) {
        return new FunctionMetrics(env.optional(NAMESPACE_VARIABLE, DEFAULT_NAMESPACE), service, function, clock);
    }

    @Override
    public void count(String name, double value) {
        counts.merge(name, value, Double::sum);
        pending = true;
    }

    @Override
    public void milliseconds(String name, double value) {
        metrics.addMetric(name, value, MetricUnit.MILLISECONDS);
        pending = true;
    }

    /** Records a rate (unit Count/Second). */
    public void perSecond(String name, double value) {
        metrics.addMetric(name, value, MetricUnit.COUNT_SECOND);
        pending = true;
    }

    /** Writes what was recorded since the last flush as one EMF line; nothing when nothing was recorded. */
    public void flush() {
        if (!pending) {
            return;
        }
        counts.forEach((name, value) -> metrics.addMetric(name, value, MetricUnit.COUNT));
        counts.clear();
        pending = false;
        // the EMF context keeps the time it was created (the previous flush, or a SnapStart snapshot): stamp now
        metrics.setTimestamp(clock.instant());
        metrics.flush();
    }

    /** The work of one invocation. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs one invocation's work and always flushes its metrics. A {@link DeadlineExceededException} is counted as
     * {@code DeadlineExceeded} (a timeout that the code saw coming, not a crash), logged, and rethrown.
     */
    public <T, E extends Exception> T flushAfter(Work<T, E> work) throws E {
        try {
            return work.run();
        } catch (DeadlineExceededException e) {
            count(DEADLINE_EXCEEDED, 1);
            LOG.error("stopped before the function timeout: {}", e.getMessage());
            throw e;
        } finally {
            flush();
        }
    }

    /** Lambda (stdout) always: no EC2/ECS metadata probing, no agent socket, the same lines in tests as on AWS. */
    private static final class LambdaOnly extends EnvironmentProvider {
        private final CompletableFuture<Environment> lambda =
                CompletableFuture.completedFuture(new LambdaEnvironment());

        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return lambda;
        }

        @Override
        public Environment getDefaultEnvironment() {
            return lambda.join();
        }
    }
}
