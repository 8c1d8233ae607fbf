package com.example.serverless.demoapi;

import com.example.serverless.common.config.Env;
import java.util.Map;

/**
 * The demo API's handler with its origin guard on, as deployed in us-east-1: it answers only requests that carry
 * the distribution's x-origin-verify value. Lives in demo-api's package (test code only) to reach the constructor
 * the module's own tests use; the deployed function reads the same token from Secrets Manager instead.
 */
public final class GuardedHello {

    private GuardedHello() {}

    public static HelloHandler withToken(String token) {
        return new HelloHandler(new Env(Map.of()), () -> token);
    }
}
