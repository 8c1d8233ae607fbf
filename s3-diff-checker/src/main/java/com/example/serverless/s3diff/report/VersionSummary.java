package com.example.serverless.s3diff.report;

import com.example.serverless.s3diff.s3.VersionEntry;

/** Identity of one version in a report: enough to fetch it, and to compare by size and ETag. */
public record VersionSummary(String versionId, long size, String eTag, String lastModified) {

    public static VersionSummary of(VersionEntry entry) {
        return new VersionSummary(
                entry.versionId(),
                entry.size(),
                entry.eTag(),
                entry.lastModified() == null ? null : entry.lastModified().toString());
    }
}
