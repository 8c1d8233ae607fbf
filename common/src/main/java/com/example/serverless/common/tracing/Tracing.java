package com.example.serverless.common.tracing;

import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The suite's tracing, in one place: X-Ray subsegments for every SDK call of a traced function, and one subsegment
 * per unit of work ({@link #span}) that carries the ids (bucket, key, runId...) as annotations, so a trace can be
 * found by them. No other class names an X-Ray type: moving to OpenTelemetry replaces this package only.
 *
 * <p>A function is traced when its module declares {@code aws-xray-recorder-sdk-aws-sdk-v2} (an optional
 * dependency of {@code common}); without it every method here is a no-op and nothing of X-Ray is loaded. Inside
 * Lambda the subsegments go over UDP to the X-Ray endpoint Lambda runs for a function with active tracing
 * ({@code AWS_XRAY_DAEMON_ADDRESS}); the invocation's trace header comes from the runtime (system property
 * {@code com.amazonaws.xray.traceHeader}), read again at each call, so an environment restored from a SnapStart
 * snapshot never reuses the trace of the invocation before it. Without a trace header (priming before the snapshot,
 * tests, a local run) or with {@code Sampled=0}, nothing is recorded or sent and nothing is logged.
 */
public final class Tracing {

    /** X-Ray indexes an annotation for filter expressions only with a key of letters, digits and underscores. */
    private static final Pattern ANNOTATION_KEY = Pattern.compile("[A-Za-z0-9_]+");

    private static final boolean ENABLED = present("com.amazonaws.xray.interceptors.TracingInterceptor");

    private Tracing() {}

    /** Whether this function's artifact carries the tracing library (its module declares it). */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * The interceptors every SDK client of the function gets ({@code AwsClients} and priming's offline clients add
     * them): one X-Ray subsegment per SDK call, with service, operation, region, retries and request id. Empty when
     * the function is not traced.
     */
    public static List<ExecutionInterceptor> sdkInterceptors() {
        return ENABLED ? XRayTracing.sdkInterceptors() : List.of();
    }

    /**
     * Opens a subsegment named {@code name} for one unit of work (a handler's step); SDK calls made until it is
     * closed become its children. Use it in try-with-resources, on the invocation's thread.
     */
    public static Span span(String name) {
        return ENABLED ? XRayTracing.begin(name) : Span.NONE;
    }

    /** A unit of work in a trace. Closing it ends it; a no-op when there is no trace to record into. */
    public interface Span extends AutoCloseable {

        Span NONE = new Span() {
            @Override
            public Span annotate(String key, String value) {
                checkKey(key);
                return this;
            }

            @Override
            public Span annotate(String key, long value) {
                checkKey(key);
                return this;
            }

            @Override
            public void failed(Throwable error) {}

            @Override
            public void close() {}
        };

        /**
         * Records an id to search traces by ({@code annotation.bucket = "..."}). A null value is skipped (an
         * unversioned object has no versionId). Ids only: never a secret value.
         *
         * @throws IllegalArgumentException for a key X-Ray would not index (see {@link #checkKey})
         */
        Span annotate(String key, String value);

        Span annotate(String key, long value);

        /** Marks the span as failed with {@code error} (its type and message, as X-Ray shows exceptions). */
        void failed(Throwable error);

        @Override
        void close();
    }

    /**
     * Fails for a key X-Ray would not index: only ASCII letters, digits and underscores, at least one. The
     * SDK accepts any key and the service drops the annotation silently, so a typo would go unnoticed without this.
     */
    public static String checkKey(String key) {
        if (key == null || !ANNOTATION_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "annotation key '" + key + "' is not indexed by X-Ray: use letters, digits and underscores only");
        }
        return key;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Tracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
