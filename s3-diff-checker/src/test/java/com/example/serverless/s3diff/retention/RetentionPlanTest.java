package com.example.serverless.s3diff.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.s3diff.s3.KeyHistory;
import com.example.serverless.s3diff.s3.VersionEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

    private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    private static final Predicate<String> ALL_DIFFS_MADE = versionId -> true;

    private static VersionEntry version(String id, int second) {
        return VersionEntry.object(id, T0.plusSeconds(second), 10, "etag-" + id);
    }

    private static VersionEntry marker(String id, int second) {
        return VersionEntry.deleteMarker(id, T0.plusSeconds(second));
    }

    private static List<String> ids(List<VersionEntry> entries) {
        return entries.stream().map(VersionEntry::versionId).toList();
    }

    @Test
    void keepsTheNewestN_andPlansTheRestOldestLast() {
        KeyHistory history = new KeyHistory(
                "k",
                List.of(version("v5", 5), version("v4", 4), version("v3", 3), version("v2", 2), version("v1", 1)),
                List.of());

        RetentionPlan plan = RetentionPlan.of(history, 3, "v5", ALL_DIFFS_MADE);

        assertThat(ids(plan.objectVersions())).containsExactly("v2", "v1");
        assertThat(plan.deleteMarkers()).isEmpty();
    }

    @Test
    void neverPlansTheTriggeringVersion_norAnythingNewerThanItsPredecessor() {
        KeyHistory history = new KeyHistory(
                "k",
                List.of(version("v5", 5), version("v4", 4), version("v3", 3), version("v2", 2), version("v1", 1)),
                List.of());

        assertThat(ids(RetentionPlan.of(history, 3, "v1", ALL_DIFFS_MADE).objectVersions()))
                .isEmpty();
    }

    @Test
    void isIdempotent_aPrunedHistoryPlansNothing() {
        KeyHistory pruned =
                new KeyHistory("k", List.of(version("v5", 5), version("v4", 4), version("v3", 3)), List.of());

        assertThat(RetentionPlan.of(pruned, 3, "v5", ALL_DIFFS_MADE).isEmpty()).isTrue();
        assertThat(RetentionPlan.of(pruned, 3, "v3", ALL_DIFFS_MADE).isEmpty()).isTrue();
        assertThat(RetentionPlan.of(pruned, 3, "gone", ALL_DIFFS_MADE).isEmpty())
                .isTrue();
    }

    @Test
    void deleteMarkers_onlyThoseStrictlyOlderThanTheOldestKeptVersionGo() {
        // v1 < m1 < v2 < v3 = m2 (same second) < v4 < m3 (newest: the object reads as deleted)
        KeyHistory history = new KeyHistory(
                "k",
                List.of(version("v4", 40), version("v3", 30), version("v2", 20), version("v1", 10)),
                List.of(marker("m3", 50), marker("m2", 30), marker("m1", 15)));

        RetentionPlan plan = RetentionPlan.of(history, 2, "v4", ALL_DIFFS_MADE);

        assertThat(ids(plan.objectVersions())).containsExactly("v2", "v1");
        assertThat(ids(plan.deleteMarkers())).containsExactly("m1");
        assertThat(ids(plan.all())).containsExactly("v2", "v1", "m1");
    }

    @Test
    void historyWithoutObjectVersions_plansNothing() {
        KeyHistory onlyMarkers = new KeyHistory("k", List.of(), List.of(marker("m1", 1)));

        assertThat(RetentionPlan.of(onlyMarkers, 3, "v1", ALL_DIFFS_MADE).isEmpty())
                .isTrue();
    }

    private static final KeyHistory FIVE = new KeyHistory(
            "k",
            List.of(version("v5", 5), version("v4", 4), version("v3", 3), version("v2", 2), version("v1", 1)),
            List.of());

    @Test
    void aVersionWhoseSuccessorHasNotBeenComparedYet_isKept() {
        // burst: v1..v5 uploaded, only v5's event processed so far (v5's diff made)
        Predicate<String> made = Set.of("v5")::contains;

        assertThat(RetentionPlan.of(FIVE, 3, "v5", made).isEmpty()).isTrue();
    }

    @Test
    void aVersionWhoseOwnDiffIsPending_isKept_unlessItIsTheOldest() {
        // v2's and v3's diffs are made (v3 compared v3 with v2, v2 compared v2 with v1); v1 is the first version
        Predicate<String> made = Set.of("v5", "v4", "v3", "v2")::contains;
        assertThat(ids(RetentionPlan.of(FIVE, 3, "v3", made).objectVersions())).containsExactly("v2", "v1");
        assertThat(ids(RetentionPlan.of(FIVE, 3, "v5", made).objectVersions())).containsExactly("v2", "v1");

        // v2's own diff (v2 against v1) not made yet: v2 stays although v3's diff is made, and v1 stays for it
        Predicate<String> v2Pending = Set.of("v5", "v4", "v3")::contains;
        assertThat(RetentionPlan.of(FIVE, 3, "v5", v2Pending).isEmpty()).isTrue();
    }

    @Test
    void nothingNewerThanTheTriggersPredecessor_isPlanned() {
        // v2's event: its predecessor is v1, so only v1 may go, even though v2 is beyond the newest three
        assertThat(ids(RetentionPlan.of(FIVE, 3, "v2", ALL_DIFFS_MADE).objectVersions()))
                .containsExactly("v1");
        // a trigger that no longer exists has no known predecessor: nothing is planned
        assertThat(RetentionPlan.of(FIVE, 3, "gone", ALL_DIFFS_MADE).isEmpty()).isTrue();
    }
}
