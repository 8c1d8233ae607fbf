package com.example.serverless.canary.check;

/**
 * One request the canary sends through the distribution, and the answer it expects.
 *
 * @param name short, fixed label (logs and the report), e.g. {@code v1} or {@code unknown-version}
 * @param header the version header (Accept, or the stack's custom header)
 * @param value the header's value
 */
public record Check(String name, String header, String value, Expectation expectation) {}
