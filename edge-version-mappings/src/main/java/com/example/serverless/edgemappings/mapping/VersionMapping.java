package com.example.serverless.edgemappings.mapping;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One API version and where the edge function sends it: {@code v2 -> https://<domain><path>}. Validated with the same
 * rules the edge function applies when it reads the item ({@code edge-origin-request/src/mapping-rules.mjs}), so
 * nothing this writes is refused at the edge; both test suites check them against one fixture of valid and invalid
 * values, {@code testdata/edge-mapping-rules.json}. A domain is a host name, never an IP address (CloudFront
 * connects to a custom origin by name); a path has no {@code .} or {@code ..} segment.
 *
 * @param version the label clients send ({@code v2}), lower case
 * @param domain  the API Gateway host name ({@code abc123.execute-api.us-east-1.amazonaws.com}), lower case
 * @param path    the stage path ({@code /v2}), or empty for none
 */
public record VersionMapping(String version, String domain, String path) {

    private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    // \z, not $: in Java '$' also matches before a final line terminator
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}\\z)(?!.*\\.[0-9]+\\z)"
            + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern PATH = Pattern.compile("(/(?!\\.{1,2}(/|\\z))[A-Za-z0-9._~-]+)*");

    public VersionMapping {
        version = version == null ? null : version.trim().toLowerCase(Locale.ROOT);
        domain = domain == null ? null : domain.trim().toLowerCase(Locale.ROOT);
        path = path == null ? "" : path.trim();
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new InvalidMappingsException("version '" + version
                    + "' is not a version label (letters, digits, '.', '_', '-'; at most 32; e.g. v2)");
        }
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new InvalidMappingsException("domain of version " + version
                    + " is not a host name (e.g. abc123.execute-api.us-east-1.amazonaws.com; not an IP address)");
        }
        if (!PATH.matcher(path).matches()) {
            throw new InvalidMappingsException("path of version " + version
                    + " must be empty or /segment[/segment...], no '.' or '..' segment (e.g. /v2)");
        }
    }
}
