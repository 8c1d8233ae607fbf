package com.example.serverless.canary.check;

import com.example.serverless.common.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the canary sends its requests and what it expects, from the variables the template sets.
 *
 * @param baseUrl the distribution, e.g. {@code https://d111111abcdef8.cloudfront.net}
 * @param path the route every check requests, e.g. {@code /hello}
 * @param versionHeader {@code Accept} (media types) or the stack's custom header name ({@code EdgeVersionHeaderName})
 * @param versions the versions that must answer, each from its own API
 * @param missingVersion a version that must not exist: the edge must refuse it
 */
public record CanaryConfig(
        URI baseUrl,
        String path,
        String versionHeader,
        String mediaTypePrefix,
        List<String> versions,
        String missingVersion,
        Duration requestTimeout) {

    /** The edge's answer for a version that is not in its table (edge-origin-request/src/responses.mjs). */
    public static final String UNKNOWN_VERSION_MESSAGE = "The requested API version does not exist.";

    // the edge's version token rule (edge-origin-request/src/version-header.mjs)
    private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

    public CanaryConfig {
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
            throw new Env.InvalidConfigurationException("CANARY_BASE_URL", "must be an http(s) URL");
        }
        if (!path.startsWith("/")) {
            throw new Env.InvalidConfigurationException("CANARY_PATH", "must start with /");
        }
        if (versions.isEmpty()) {
            throw new Env.InvalidConfigurationException("CANARY_VERSIONS", "names no version");
        }
        for (String version : versions) {
            if (!VERSION.matcher(version).matches()) {
                throw new Env.InvalidConfigurationException("CANARY_VERSIONS", "not a version token: " + version);
            }
        }
        if (!VERSION.matcher(missingVersion).matches() || versions.contains(missingVersion)) {
            throw new Env.InvalidConfigurationException(
                    "CANARY_MISSING_VERSION", "must be a version token that is not in CANARY_VERSIONS");
        }
        versions = List.copyOf(versions);
    }

    public static CanaryConfig from(Env env) {
        String base = env.required("CANARY_BASE_URL");
        URI baseUrl;
        try {
            baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new Env.InvalidConfigurationException("CANARY_BASE_URL", "not a URL");
        }
        List<String> versions = Arrays.stream(
                        env.optional("CANARY_VERSIONS", "v1,v2").split(","))
                .map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty())
                .toList();
        return new CanaryConfig(
                baseUrl,
                env.optional("CANARY_PATH", "/hello"),
                env.optional("CANARY_VERSION_HEADER", "Accept"),
                env.optional("CANARY_MEDIA_TYPE_PREFIX", "application/vnd.example."),
                versions,
                env.optional("CANARY_MISSING_VERSION", "v999").toLowerCase(Locale.ROOT),
                Duration.ofMillis(env.intValue("CANARY_TIMEOUT_MS", 5000, 100, 20000)));
    }

    /** Accept mode names media types; a custom header carries the plain token (as the edge reads them). */
    boolean acceptMode() {
        return "accept".equalsIgnoreCase(versionHeader);
    }

    /** The user's route: each version answered by its own API, then a version that does not exist refused. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (String version : versions) {
            checks.add(new Check(version, versionHeader, headerValue(version), new Expectation.ServedBy(version)));
        }
        checks.add(new Check(
                "missing-version",
                versionHeader,
                headerValue(missingVersion),
                new Expectation.Refused(403, UNKNOWN_VERSION_MESSAGE)));
        return List.copyOf(checks);
    }

    private String headerValue(String version) {
        return acceptMode() ? mediaTypePrefix + version + "+json" : version;
    }
}
