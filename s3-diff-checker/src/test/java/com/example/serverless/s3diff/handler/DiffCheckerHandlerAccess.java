package com.example.serverless.s3diff.handler;

import com.example.serverless.common.config.Env;
import software.amazon.awssdk.services.s3.S3Client;

/** Lets tests in other packages use the handler's package-private constructor with their own client. */
public final class DiffCheckerHandlerAccess {

    private DiffCheckerHandlerAccess() {}

    public static DiffCheckerHandler create(S3Client s3, Env env) {
        return new DiffCheckerHandler(s3, env);
    }
}
