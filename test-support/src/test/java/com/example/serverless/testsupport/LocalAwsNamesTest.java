package com.example.serverless.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalAwsNamesTest {

    @Test
    void uniqueName_isBucketSafeAndDifferentEachTime() {
        String first = LocalAws.uniqueName("My_Bucket.Name");
        String second = LocalAws.uniqueName("My_Bucket.Name");
        assertThat(first).matches("[a-z0-9-]{3,63}").startsWith("my-bucket-name-");
        assertThat(first).isNotEqualTo(second);
        assertThat(LocalAws.uniqueName("x".repeat(100))).hasSizeLessThanOrEqualTo(63);
    }
}
