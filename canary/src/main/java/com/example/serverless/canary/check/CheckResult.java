package com.example.serverless.canary.check;

/**
 * The outcome of one check.
 *
 * @param status the HTTP status, or 0 when no answer arrived (timeout, connection refused)
 * @param problem why it failed, in fixed words plus the values compared; null when it passed
 */
public record CheckResult(String name, boolean passed, int status, long latencyMs, String problem) {}
