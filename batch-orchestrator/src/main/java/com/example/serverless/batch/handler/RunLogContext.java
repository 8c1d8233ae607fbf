package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.serverless.batch.run.RunInput;
import org.apache.logging.log4j.CloseableThreadContext;

/** The ids every log line of a step working on a whole run carries (see docs/conventions.md, Logging). */
final class RunLogContext {

    private RunLogContext() {}

    static CloseableThreadContext.Instance of(RunInput run, Context context) {
        return CloseableThreadContext.put("runId", run.runId())
                .put("bucket", run.bucket())
                .put("key", run.key())
                .put("versionId", String.valueOf(run.versionId()))
                .put("requestId", context.getAwsRequestId());
    }
}
