package com.example.serverless.s3diff.s3;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a key's version history: an object version, or a delete marker (which has no size or ETag).
 *
 * @param versionId    S3 version id ({@code "null"} for an object written before versioning was enabled)
 * @param lastModified second-resolution timestamp; shown in reports, never used for ordering
 * @param size         bytes, 0 for a delete marker
 * @param eTag         entity tag without quotes, null for a delete marker
 * @param deleteMarker whether this entry is a delete marker
 */
public record VersionEntry(String versionId, Instant lastModified, long size, String eTag, boolean deleteMarker) {

    public VersionEntry {
        Objects.requireNonNull(versionId, "versionId");
        eTag = eTag == null ? null : eTag.replace("\"", "");
    }

    public static VersionEntry object(String versionId, Instant lastModified, long size, String eTag) {
        return new VersionEntry(versionId, lastModified, size, eTag, false);
    }

    public static VersionEntry deleteMarker(String versionId, Instant lastModified) {
        return new VersionEntry(versionId, lastModified, 0, null, true);
    }
}
