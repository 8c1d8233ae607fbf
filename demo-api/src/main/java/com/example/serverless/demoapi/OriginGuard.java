package com.example.serverless.demoapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * Refuses requests that did not come through CloudFront: the distribution adds a secret origin header
 * ({@value #HEADER}) and the API compares it in constant time. The token comes from a supplier (Secrets Manager,
 * cached, in the deployed function) so it never sits in the function's configuration. With no token source the
 * guard is open, which is what a stack without the edge resources (outside us-east-1) wants.
 */
public final class OriginGuard {

    public static final String HEADER = "x-origin-verify";

    private final Supplier<String> token;

    /** @param token the expected value, read on each check (the supplier caches); null = no guard */
    public OriginGuard(Supplier<String> token) {
        this.token = token;
    }

    public boolean enabled() {
        return token != null;
    }

    /**
     * @throws RuntimeException from the token source when the token cannot be read: the caller fails closed
     * @throws IllegalStateException when the configured token is blank
     */
    public boolean allows(String presented) {
        if (token == null) {
            return true;
        }
        String expected = token.get();
        if (expected == null || expected.isBlank()) {
            throw new IllegalStateException("the origin-verify token is empty");
        }
        return presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
