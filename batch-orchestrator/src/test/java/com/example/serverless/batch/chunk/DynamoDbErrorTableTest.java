package com.example.serverless.batch.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.TestText;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbErrorTableTest {

    private static final String GRIN = "\uD83D\uDE00";

    @Test
    void anOverLongRawLine_isCutOnACharacterBoundary_soDynamoDbAcceptsIt() {
        // the cut limit falls between the two halves of the emoji that follows the x's
        String raw = "x".repeat(DynamoDbErrorTable.MAX_RAW_CHARS - 1) + GRIN.repeat(10);
        Map<String, AttributeValue> item = DynamoDbErrorTable.item("run", 1, new RejectedRow(1, 2, "reason", raw));

        String stored = item.get("rawLine").s();
        assertThat(TestText.isWellFormed(stored)).isTrue();
        assertThat(stored).isEqualTo("x".repeat(DynamoDbErrorTable.MAX_RAW_CHARS - 1) + GRIN);
        assertThat(item.get("rawLineTruncated").bool()).isTrue();
    }

    @Test
    void aRawLineOfExactlyTheLimitInCodePoints_isKeptWhole() {
        String raw = GRIN.repeat(DynamoDbErrorTable.MAX_RAW_CHARS);
        Map<String, AttributeValue> item = DynamoDbErrorTable.item("run", 1, new RejectedRow(1, 2, "reason", raw));

        assertThat(item.get("rawLine").s()).isEqualTo(raw);
        assertThat(item.get("rawLineTruncated").bool()).isFalse();
    }
}
