package com.example.serverless.forecast.consolidate;

import java.util.List;

/**
 * What the workflow's last step asks for: the S3 prefixes Forecast exported to, and where the consolidated
 * tables go. The bucket is the function's own (configuration), never taken from the request.
 */
public record ConsolidateRequest(List<ExportLocation> exports, String outputPrefix) {

    /** One export job's destination folder, e.g. {@code results/<run>/forecast/}, named for the output tables. */
    public record ExportLocation(String name, String prefix) {}

    /** Refuses requests that would read or write outside clear, disjoint folders. */
    public ConsolidateRequest validated() {
        if (exports == null || exports.isEmpty()) {
            throw new IllegalArgumentException("exports must list at least one export location");
        }
        requireFolder("outputPrefix", outputPrefix);
        for (ExportLocation export : exports) {
            if (export == null || export.name() == null || !export.name().matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(
                        "every export needs a name of 1-64 letters, digits, '_' or '-': " + export);
            }
            requireFolder("prefix of export '" + export.name() + "'", export.prefix());
            if (outputPrefix.startsWith(export.prefix()) || export.prefix().startsWith(outputPrefix)) {
                // the tables would be read back as parts on the next run
                throw new IllegalArgumentException(
                        "outputPrefix " + outputPrefix + " overlaps export prefix " + export.prefix());
            }
        }
        return this;
    }

    private static void requireFolder(String what, String prefix) {
        if (prefix == null || prefix.isBlank() || !prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException(
                    what + " must be a folder key like 'results/run/forecast/', got: " + prefix);
        }
    }
}
