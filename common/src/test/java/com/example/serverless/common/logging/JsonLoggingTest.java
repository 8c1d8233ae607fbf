package com.example.serverless.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

/**
 * The shared log4j2.xml must turn the template's LoggingConfig (AWS_LAMBDA_LOG_FORMAT=JSON, set for this test fork
 * in common/pom.xml as Lambda would) into one JSON object per event, with ThreadContext ids as fields.
 */
class JsonLoggingTest {

    @Test
    void jsonFormat_writesOneJsonObjectWithContextFields() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Logger log = LogManager.getLogger("json-logging-test");
            try (var ids = CloseableThreadContext.put("bucket", "my-bucket").put("key", "a b.txt")) {
                log.info("diff reported");
            }
        } finally {
            System.setOut(original);
        }
        String line = captured.toString(StandardCharsets.UTF_8).trim();

        assertThat(line).startsWith("{").endsWith("}");
        assertThat(line)
                .contains("\"message\":\"diff reported\"")
                .contains("\"level\":\"INFO\"")
                .contains("\"bucket\":\"my-bucket\"")
                .contains("\"key\":\"a b.txt\"");
    }
}
