package com.example.serverless.s3diff.retention;

import com.example.serverless.s3diff.s3.KeyHistory;
import com.example.serverless.s3diff.s3.VersionEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Which versions of one key to delete so that only the newest {@code keep} object versions remain.
 *
 * <p>The plan depends only on the key's current history, never on which event asked: a duplicated or out-of-order
 * event sees the same (or an already pruned) history and so deletes nothing extra. The triggering version is never
 * in the plan, even when an out-of-order event names a version that is no longer among the newest.
 *
 * <p>Delete markers: a marker dated strictly before the oldest kept version separates nothing any more and goes
 * with the pruned versions (otherwise delete/re-create cycles would grow the history forever). A marker dated at or
 * after it is kept: it may be what makes the object read as deleted, and removing it would resurrect the object.
 * Markers are compared by {@code LastModified} only here, where "strictly earlier" is safe at one-second resolution.
 */
public record RetentionPlan(List<VersionEntry> objectVersions, List<VersionEntry> deleteMarkers) {

    public RetentionPlan {
        objectVersions = List.copyOf(objectVersions);
        deleteMarkers = List.copyOf(deleteMarkers);
    }

    public static RetentionPlan of(KeyHistory history, int keep, String triggerVersionId) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        List<VersionEntry> versions = history.versions();
        if (versions.isEmpty()) {
            return new RetentionPlan(List.of(), List.of());
        }
        List<VersionEntry> doomed = new ArrayList<>();
        for (int i = keep; i < versions.size(); i++) {
            if (!versions.get(i).versionId().equals(triggerVersionId)) {
                doomed.add(versions.get(i));
            }
        }
        VersionEntry oldestKept = versions.get(Math.min(keep, versions.size()) - 1);
        List<VersionEntry> staleMarkers = new ArrayList<>();
        if (oldestKept.lastModified() != null) {
            for (VersionEntry marker : history.deleteMarkers()) {
                if (marker.lastModified() != null && marker.lastModified().isBefore(oldestKept.lastModified())) {
                    staleMarkers.add(marker);
                }
            }
        }
        return new RetentionPlan(doomed, staleMarkers);
    }

    public boolean isEmpty() {
        return objectVersions.isEmpty() && deleteMarkers.isEmpty();
    }

    public int size() {
        return objectVersions.size() + deleteMarkers.size();
    }

    /** Object versions first (oldest last as listed), then markers. */
    public List<VersionEntry> all() {
        List<VersionEntry> all = new ArrayList<>(objectVersions);
        all.addAll(deleteMarkers);
        return all;
    }
}
