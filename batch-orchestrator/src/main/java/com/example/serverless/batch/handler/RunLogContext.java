package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.merge.RunSummary;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.common.tracing.Tracing;
import org.apache.logging.log4j.CloseableThreadContext;

/**
 * The ids of one batch step, under the same names in every handler: {@code runId} and {@code executionName} (the
 * same value: the run id is the main execution's name), {@code bucket}, {@code key}, {@code versionId} of the
 * input, {@code part} for a chunk, and {@code requestId}. Every log line of the step carries them as JSON fields
 * (see docs/conventions.md, Logging), and the step's trace span ({@code batch-<step>}, parent of its SDK calls)
 * carries them as X-Ray annotations, except {@code requestId} (Lambda's own segment has it). A step that does not
 * know a field leaves it out rather than recording it empty.
 */
final class RunLogContext implements AutoCloseable {

    private final CloseableThreadContext.Instance log;
    private final Tracing.Span span;

    private RunLogContext(String step, Context context) {
        this.log = CloseableThreadContext.put("requestId", context.getAwsRequestId());
        this.span = Tracing.span("batch-" + step);
    }

    static RunLogContext of(String step, RunInput run, Context context) {
        return of(step, run.runId(), run.bucket(), run.key(), run.versionId(), context);
    }

    static RunLogContext of(String step, String runId, String bucket, String key, String versionId, Context context) {
        return forObject(step, bucket, key, versionId, context).withRun(runId);
    }

    /** The trigger, before it knows the run id: add it with {@link #withRun} once the run is started. */
    static RunLogContext forObject(String step, String bucket, String key, String versionId, Context context) {
        RunLogContext ids =
                new RunLogContext(step, context).put("bucket", bucket).put("key", key);
        ids.log.put("versionId", String.valueOf(versionId)); // logs say "null" for an unversioned bucket
        ids.span.annotate("versionId", versionId); // a trace simply has no versionId then
        return ids;
    }

    RunLogContext withRun(String runId) {
        return put("runId", runId).put("executionName", runId);
    }

    /** A chunk knows its run, bucket and part; the input's key and version are in the manifest, not its payload. */
    static RunLogContext of(String step, ChunkRequest chunk, Context context) {
        RunLogContext ids =
                new RunLogContext(step, context).withRun(chunk.runId()).put("bucket", chunk.bucket());
        ids.log.put("part", Integer.toString(chunk.part()));
        ids.span.annotate("part", chunk.part()); // a number: filter expressions can compare it
        return ids;
    }

    static RunLogContext of(String step, RunSummary summary, Context context) {
        return of(step, summary.runId(), summary.bucket(), summary.inputKey(), summary.inputVersionId(), context);
    }

    private RunLogContext put(String name, String value) {
        log.put(name, value);
        span.annotate(name, value);
        return this;
    }

    @Override
    public void close() {
        try {
            span.close();
        } finally {
            log.close();
        }
    }
}
