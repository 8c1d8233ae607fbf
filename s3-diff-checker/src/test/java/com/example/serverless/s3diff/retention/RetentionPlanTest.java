package com.example.serverless.s3diff.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.s3diff.s3.KeyHistory;
import com.example.serverless.s3diff.s3.VersionEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

    private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

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
        KeyHistory history = new KeyHistory("k", List.of(version("v5", 5), version("v4", 4), version("v3", 3),
                version("v2", 2), version("v1", 1)), List.of());

        RetentionPlan plan = RetentionPlan.of(history, 3, "v5");

        assertThat(ids(plan.objectVersions())).containsExactly("v2", "v1");
        assertThat(plan.deleteMarkers()).isEmpty();
    }

    @Test
    void neverPlansTheTriggeringVersion_evenWhenItIsOld() {
        KeyHistory history = new KeyHistory("k", List.of(version("v5", 5), version("v4", 4), version("v3", 3),
                version("v2", 2), version("v1", 1)), List.of());

        assertThat(ids(RetentionPlan.of(history, 3, "v1").objectVersions())).containsExactly("v2");
    }

    @Test
    void isIdempotent_aPrunedHistoryPlansNothing() {
        KeyHistory pruned = new KeyHistory("k", List.of(version("v5", 5), version("v4", 4), version("v3", 3)),
                List.of());

        assertThat(RetentionPlan.of(pruned, 3, "v5").isEmpty()).isTrue();
        assertThat(RetentionPlan.of(pruned, 3, "v3").isEmpty()).isTrue();
        assertThat(RetentionPlan.of(pruned, 3, "gone").isEmpty()).isTrue();
    }

    @Test
    void deleteMarkers_onlyThoseStrictlyOlderThanTheOldestKeptVersionGo() {
        // v1 < m1 < v2 < v3 = m2 (same second) < v4 < m3 (newest: the object reads as deleted)
        KeyHistory history = new KeyHistory("k",
                List.of(version("v4", 40), version("v3", 30), version("v2", 20), version("v1", 10)),
                List.of(marker("m3", 50), marker("m2", 30), marker("m1", 15)));

        RetentionPlan plan = RetentionPlan.of(history, 2, "v4");

        assertThat(ids(plan.objectVersions())).containsExactly("v2", "v1");
        assertThat(ids(plan.deleteMarkers())).containsExactly("m1");
        assertThat(ids(plan.all())).containsExactly("v2", "v1", "m1");
    }

    @Test
    void historyWithoutObjectVersions_plansNothing() {
        KeyHistory onlyMarkers = new KeyHistory("k", List.of(), List.of(marker("m1", 1)));

        assertThat(RetentionPlan.of(onlyMarkers, 3, "v1").isEmpty()).isTrue();
    }
}
