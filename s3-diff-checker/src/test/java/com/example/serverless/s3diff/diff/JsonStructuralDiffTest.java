package com.example.serverless.s3diff.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonStructuralDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void reportsAddedRemovedAndChangedPaths_withEscapedPointers() throws Exception {
        JsonDiffResult result = new JsonStructuralDiff(100, 100)
                .compare(
                        json("{\"a/b\": 1, \"m~n\": {\"x\": true}, \"list\": [1, 2, 3], \"same\": \"s\"}"),
                        json("{\"a/b\": 2, \"m~n\": {\"y\": true}, \"list\": [1, 5], \"same\": \"s\"}"));

        assertThat(result.changes())
                .extracting(c -> c.kind() + " " + c.path())
                .containsExactly(
                        "CHANGED /a~1b", "REMOVED /m~0n/x", "ADDED /m~0n/y", "CHANGED /list/1", "REMOVED /list/2");
        assertThat(result.added()).isEqualTo(1);
        assertThat(result.removed()).isEqualTo(2);
        assertThat(result.changed()).isEqualTo(2);
        assertThat(result.changes().get(3).oldValue()).isEqualTo("2");
        assertThat(result.changes().get(3).newValue()).isEqualTo("5");
    }

    @Test
    void typeChange_isOneChangeAtThatPath() throws Exception {
        JsonDiffResult result =
                new JsonStructuralDiff(100, 100).compare(json("{\"limits\": {\"cpu\": 1}}"), json("{\"limits\": [1]}"));

        assertThat(result.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/limits");
            assertThat(c.oldValue()).isEqualTo("{\"cpu\":1}");
            assertThat(c.newValue()).isEqualTo("[1]");
        });
    }

    @Test
    void longValuesAreCut_andChangesBeyondTheLimitAreCounted() throws Exception {
        String longValue = "x".repeat(50);
        JsonDiffResult result = new JsonStructuralDiff(10, 2)
                .compare(
                        json("{\"a\": 1, \"b\": 1, \"c\": 1}"),
                        json("{\"a\": \"" + longValue + "\", \"b\": 2, \"c\": 2}"));

        assertThat(result.changes()).hasSize(2);
        assertThat(result.omitted()).isEqualTo(1);
        assertThat(result.changed()).isEqualTo(3);
        assertThat(result.changes().getFirst().newValue()).hasSize(10);
        assertThat(result.changes().getFirst().truncated()).isTrue();
    }

    @Test
    void equalDocuments_haveNoChanges() throws Exception {
        JsonDiffResult result = new JsonStructuralDiff(10, 10)
                .compare(json("{\"a\":[1,{\"b\":2}]}"), json("{ \"a\" : [ 1 , { \"b\" : 2 } ] }"));

        assertThat(result.changes()).isEmpty();
        assertThat(result.added() + result.removed() + result.changed()).isZero();
    }
}
