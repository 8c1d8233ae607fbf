package com.example.serverless.common.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.contexts.LambdaSegmentContext;
import com.amazonaws.xray.contexts.SegmentContextResolverChain;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Every X-Ray call of the suite (loaded only when the X-Ray SDK is on the classpath: {@link Tracing} checks first).
 *
 * <p>Configures X-Ray's global recorder once, in place (so whoever reads {@code AWSXRay.getGlobalRecorder()} sees
 * the same one): the Lambda segment context always, which reads the invocation's trace header at each call (the
 * runtime's system property {@code com.amazonaws.xray.traceHeader}, or {@code _X_AMZN_TRACE_ID}) and, without
 * one, records into a no-op segment; and "ignore" when a subsegment has no segment, so priming, tests and local
 * runs neither throw nor log an error per SDK call. {@code AWS_XRAY_CONTEXT_MISSING} (or the system property
 * {@code com.amazonaws.xray.strategy.contextMissingStrategy}) still overrides it, e.g. {@code LOG_ERROR} to debug.
 */
final class XRayTracing {

    private static final AWSXRayRecorder RECORDER = configure(AWSXRay.getGlobalRecorder());

    /** One interceptor for every client: it keeps no per-call state (that lives in the SDK's execution attributes). */
    private static final List<ExecutionInterceptor> INTERCEPTORS =
            List.of(new TracingInterceptor(RECORDER, null, null));

    private XRayTracing() {}

    static List<ExecutionInterceptor> sdkInterceptors() {
        return INTERCEPTORS;
    }

    static Tracing.Span begin(String name) {
        return new XRaySpan(RECORDER, RECORDER.beginSubsegment(name));
    }

    private static AWSXRayRecorder configure(AWSXRayRecorder recorder) {
        boolean overridden = AWSXRayRecorderBuilder.contextMissingStrategyFromEnvironmentVariable()
                        .isPresent()
                || AWSXRayRecorderBuilder.contextMissingStrategyFromSystemProperty()
                        .isPresent();
        if (!overridden) {
            recorder.setContextMissingStrategy(new IgnoreErrorContextMissingStrategy());
        }
        // the SDK picks the Lambda context only when LAMBDA_TASK_ROOT is set; the suite's functions always run
        // as Lambda functions (tests and local runs pass the header as the java21 runtime does)
        SegmentContextResolverChain chain = new SegmentContextResolverChain();
        chain.addResolver(LambdaSegmentContext::new);
        recorder.setSegmentContextResolverChain(chain);
        return recorder;
    }

    private record XRaySpan(AWSXRayRecorder recorder, Subsegment subsegment) implements Tracing.Span {

        @Override
        public Tracing.Span annotate(String key, String value) {
            Tracing.checkKey(key);
            if (value != null) {
                subsegment.putAnnotation(key, value);
            }
            return this;
        }

        @Override
        public Tracing.Span annotate(String key, long value) {
            subsegment.putAnnotation(Tracing.checkKey(key), value);
            return this;
        }

        @Override
        public void failed(Throwable error) {
            subsegment.addException(error);
        }

        /** Ends the current subsegment (this one) through the context, which also hands the thread back to its parent. */
        @Override
        public void close() {
            recorder.endSubsegment();
        }
    }
}
