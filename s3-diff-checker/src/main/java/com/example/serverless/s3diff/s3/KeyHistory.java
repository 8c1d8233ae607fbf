package com.example.serverless.s3diff.s3;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions of exactly one key, in S3's order: {@code ListObjectVersions} returns the versions of a key newest
 * first, which is the order of writes even when several share a {@code LastModified} second. Object versions and
 * delete markers are kept apart because the SDK returns them in separate lists.
 *
 * @param key            the exact key
 * @param versions       object versions, newest first
 * @param deleteMarkers  delete markers, newest first
 */
public record KeyHistory(String key, List<VersionEntry> versions, List<VersionEntry> deleteMarkers) {

    public KeyHistory {
        Objects.requireNonNull(key, "key");
        versions = List.copyOf(versions);
        deleteMarkers = List.copyOf(deleteMarkers);
    }

    /** Index of an object version in {@link #versions()}, or -1 when it no longer exists. */
    public int indexOf(String versionId) {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).versionId().equals(versionId)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<VersionEntry> find(String versionId) {
        int index = indexOf(versionId);
        return index < 0 ? Optional.empty() : Optional.of(versions.get(index));
    }

    /** The object version written just before {@code versionId}; empty for a first (or vanished) version. */
    public Optional<VersionEntry> previousOf(String versionId) {
        int index = indexOf(versionId);
        return index < 0 || index + 1 >= versions.size() ? Optional.empty() : Optional.of(versions.get(index + 1));
    }
}
