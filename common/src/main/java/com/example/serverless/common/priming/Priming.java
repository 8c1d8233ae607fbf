package com.example.serverless.common.priming;

import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.tracing.Tracing;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * Work done once before Lambda SnapStart takes its snapshot (the CRaC {@code beforeCheckpoint} hook the java21
 * runtime calls after init), so a restored environment starts with the classes of its first request already
 * loaded and run: the JSON mappers, the SDK client's marshallers and signer, the function's own domain code.
 *
 * <p>Rules for {@link #prime()}: no network (SDK calls go through {@link #offlineClient}, whose HTTP client answers
 * from memory), no credentials (the offline client signs with fixed dummy keys; the function's real clients never
 * resolve theirs here), nothing kept that must differ between restored environments (no random seeds, ids,
 * timestamps or connections stored in fields). A failing priming is logged and the snapshot is taken without it:
 * the function works the same, only its first request is slower.
 *
 * <p>A handler registers its priming in one static field, which also keeps it reachable (the runtime's context
 * holds resources weakly): {@code private static final Priming PRIMING = Priming.register(new XxxPriming());}
 */
public abstract class Priming implements Resource {

    private static final Logger LOG = LogManager.getLogger(Priming.class);

    /** Any Region works (nothing is sent); the function's own keeps endpoint rules on the path they will take. */
    private static final Region FALLBACK_REGION = Region.US_EAST_1;

    /** Registers the priming with the runtime's CRaC context; keep the returned reference. */
    public static <P extends Priming> P register(P priming) {
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Loads and runs what the first request needs; may throw, tests call it directly. */
    public abstract void prime() throws Exception;

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        // inside a span, as the handlers trace their work: no trace exists yet, so it records nothing
        try (Tracing.Span span = Tracing.span("priming")) {
            span.annotate("priming", getClass().getSimpleName());
            prime();
            LOG.info(
                    "primed {} before the snapshot in {} ms",
                    getClass().getSimpleName(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (Exception | LinkageError e) {
            LOG.warn(
                    "priming {} failed; the snapshot is taken without it",
                    getClass().getSimpleName(),
                    e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {}

    /**
     * A throwaway client of the function's client type, built like {@code AwsClients.configure} builds the real
     * one but answering every request through {@code http}: fixed dummy credentials, no retries. Close it after use.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C offlineClient(
            B builder, OfflineHttpClient http) {
        return builder.region(region())
                .credentialsProvider(dummyCredentials())
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(ClientTimeouts.FAST.attempt())
                        .apiCallTimeout(ClientTimeouts.FAST.call())
                        // the real clients' tracing too: its classes load before the snapshot (no trace: no-op)
                        .executionInterceptors(Tracing.sdkInterceptors())
                        .build())
                .build();
    }

    /** Fixed dummy keys for offline signing (clients, presigners): never the function's credentials. */
    public static StaticCredentialsProvider dummyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "PRIMING"));
    }

    public static Region region() {
        String region = System.getenv("AWS_REGION");
        return region == null || region.isBlank() ? FALLBACK_REGION : Region.of(region.trim());
    }
}
