package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.serverless.batch.run.RunInput;
import org.apache.logging.log4j.CloseableThreadContext;

/** The ids every log line of a step working on a whole run carries (see docs/conventions.md, Logging). */
final class RunLogContext {

    private RunLogContext() {}

    static CloseableThreadContext.Instance of(RunInput run, Context context) {
        return of(run.runId(), run.bucket(), run.key(), run.versionId(), context);
    }

    static CloseableThreadContext.Instance of(
            String runId, String bucket, String key, String versionId, Context context) {
        return CloseableThreadContext.put("runId", runId)
                .put("bucket", bucket)
                .put("key", key)
                .put("versionId", String.valueOf(versionId))
                .put("requestId", context.getAwsRequestId());
    }
}
