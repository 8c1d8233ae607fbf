package com.example.serverless.demoapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Refuses requests that did not come through CloudFront: the distribution adds a secret origin header
 * ({@value #HEADER}) and the API compares it in constant time. With no token configured the guard is open, which is
 * what a stack without the edge resources (outside us-east-1) wants.
 */
public final class OriginGuard {

    public static final String HEADER = "x-origin-verify";

    private final byte[] expected;

    public OriginGuard(String token) {
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return expected != null;
    }

    public boolean allows(String presented) {
        if (expected == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }
}
