package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.merge.RunSummary;
import com.example.serverless.batch.run.RunInput;
import org.apache.logging.log4j.CloseableThreadContext;

/**
 * The ids every log line of a batch step carries (see docs/conventions.md, Logging), under the same names in every
 * handler: {@code runId} and {@code executionName} (the same value: the run id is the main execution's name),
 * {@code bucket}, {@code key}, {@code versionId} of the input, {@code part} for a chunk, and {@code requestId}.
 * A step that does not know a field leaves it out rather than logging it empty.
 */
final class RunLogContext {

    private RunLogContext() {}

    static CloseableThreadContext.Instance of(RunInput run, Context context) {
        return of(run.runId(), run.bucket(), run.key(), run.versionId(), context);
    }

    static CloseableThreadContext.Instance of(
            String runId, String bucket, String key, String versionId, Context context) {
        return forObject(bucket, key, versionId, context).put("runId", runId).put("executionName", runId);
    }

    /** The trigger, before it knows the run id: add it with {@link #withRun} once the run is started. */
    static CloseableThreadContext.Instance forObject(String bucket, String key, String versionId, Context context) {
        return CloseableThreadContext.put("bucket", bucket)
                .put("key", key)
                .put("versionId", String.valueOf(versionId))
                .put("requestId", context.getAwsRequestId());
    }

    static CloseableThreadContext.Instance withRun(CloseableThreadContext.Instance ids, String runId) {
        return ids.put("runId", runId).put("executionName", runId);
    }

    /** A chunk knows its run, bucket and part; the input's key and version are in the manifest, not its payload. */
    static CloseableThreadContext.Instance of(ChunkRequest chunk, Context context) {
        return CloseableThreadContext.put("runId", chunk.runId())
                .put("executionName", chunk.runId())
                .put("bucket", chunk.bucket())
                .put("part", Integer.toString(chunk.part()))
                .put("requestId", context.getAwsRequestId());
    }

    static CloseableThreadContext.Instance of(RunSummary summary, Context context) {
        return of(summary.runId(), summary.bucket(), summary.inputKey(), summary.inputVersionId(), context);
    }
}
