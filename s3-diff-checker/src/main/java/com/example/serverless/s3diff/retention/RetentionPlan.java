package com.example.serverless.s3diff.retention;

import com.example.serverless.s3diff.s3.KeyHistory;
import com.example.serverless.s3diff.s3.VersionEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which versions of one key to delete: versions beyond the newest {@code keep}, but only once every diff that needs
 * them has been made, so a burst of uploads processed in any order loses no diff.
 *
 * <p>A version {@code x} is needed by two diffs: its own (x against its predecessor, made by x's event) and its
 * successor's (the successor against x). So {@code x} is planned only when
 * <ol>
 *   <li>it is not among the newest {@code keep} object versions, and is not the triggering version;</li>
 *   <li>it is not newer than the triggering version's predecessor (an event only prunes below the diff it made;
 *       a trigger that no longer exists has no known predecessor and prunes nothing);</li>
 *   <li>its successor's diff is settled, and its own diff is settled unless it is the oldest version left (the
 *       oldest one is either the key's first version, which needs no diff, or its predecessor went only after its
 *       diff was settled).</li>
 * </ol>
 * "Settled" is decided by the caller ({@code diffSettled}: the report exists, or the version is older than any
 * event that could still arrive). Versions kept by rule 2 or 3 go with a later event of the key, so a key may hold
 * more than {@code keep} versions for a while after a burst. The rules only ever keep more than before, never less,
 * so concurrent and duplicate events stay safe: a report, once written, never disappears.
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

    /**
     * @param diffSettled whether the diff of the given version against its predecessor has been made (or can no
     *                    longer be asked for); only called for versions the other rules would allow to go
     */
    public static RetentionPlan of(
            KeyHistory history, int keep, String triggerVersionId, Predicate<String> diffSettled) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        List<VersionEntry> versions = history.versions();
        int trigger = history.indexOf(triggerVersionId);
        if (versions.isEmpty() || trigger < 0) {
            return new RetentionPlan(List.of(), List.of());
        }
        int last = versions.size() - 1;
        // each version's answer is asked for up to twice (as a successor and as itself); it may cost a request
        Map<String, Boolean> settled = new HashMap<>();
        Predicate<String> settledOnce = versionId -> settled.computeIfAbsent(versionId, diffSettled::test);
        List<VersionEntry> doomed = new ArrayList<>();
        Set<VersionEntry> doomedSet = new HashSet<>();
        for (int i = Math.max(keep, trigger + 1); i <= last; i++) {
            VersionEntry version = versions.get(i);
            boolean successorDone = settledOnce.test(versions.get(i - 1).versionId());
            if (successorDone && (i == last || settledOnce.test(version.versionId()))) {
                doomed.add(version);
                doomedSet.add(version);
            }
        }
        VersionEntry oldestKept = null;
        for (int i = last; i >= 0 && oldestKept == null; i--) {
            if (!doomedSet.contains(versions.get(i))) {
                oldestKept = versions.get(i);
            }
        }
        List<VersionEntry> staleMarkers = new ArrayList<>();
        if (oldestKept != null && oldestKept.lastModified() != null) {
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
