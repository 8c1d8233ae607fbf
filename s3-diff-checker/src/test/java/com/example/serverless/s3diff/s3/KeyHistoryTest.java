package com.example.serverless.s3diff.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyHistoryTest {

    private static final Instant SAME_SECOND = Instant.parse("2026-11-27T09:00:00Z");

    private final KeyHistory history = new KeyHistory(
            "k",
            List.of(
                    VersionEntry.object("c", SAME_SECOND, 3, "\"etag-c\""),
                    VersionEntry.object("b", SAME_SECOND, 2, "etag-b"),
                    VersionEntry.object("a", SAME_SECOND, 1, "etag-a")),
            List.of());

    @Test
    void previousOf_followsS3sOrderEvenWhenTimestampsTie() {
        assertThat(history.previousOf("c")).map(VersionEntry::versionId).contains("b");
        assertThat(history.previousOf("b")).map(VersionEntry::versionId).contains("a");
    }

    @Test
    void firstAndUnknownVersions_haveNoPrevious() {
        assertThat(history.previousOf("a")).isEmpty();
        assertThat(history.previousOf("zzz")).isEmpty();
        assertThat(history.find("zzz")).isEmpty();
    }

    @Test
    void eTagsLoseTheirQuotes() {
        assertThat(history.find("c")).map(VersionEntry::eTag).contains("etag-c");
    }
}
