package com.example.serverless.batch.failure;

import com.example.serverless.common.text.TextLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns what a Catch caught into plain words. Step Functions nests failures: a Lambda task's {@code Cause} is the
 * Lambda error JSON ({@code errorType}, {@code errorMessage}, {@code stackTrace}); a failed chunk workflow
 * ({@code startExecution.sync:2}) arrives as {@code States.TaskFailed} whose {@code Cause} is the child execution's
 * description, with its {@code Input} (which names the part; an object with {@code .sync:2}) and its own
 * {@code Error}/{@code Cause}. This class
 * unwraps that, keeps the innermost error class and message, and drops stack traces.
 */
public final class FailureExplainer {

    /** Longest error message kept, in code points (SNS messages and people's patience are both limited). */
    static final int MAX_MESSAGE = 2_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public FailureExplanation explain(String error, String cause) {
        Integer part = null;
        String type = error;
        String message = cause;
        for (int depth = 0; depth < 5; depth++) {
            JsonNode node = parse(message);
            if (node == null || !node.isObject()) {
                break;
            }
            if (node.hasNonNull("Input") && (node.hasNonNull("Error") || node.hasNonNull("Cause"))) {
                // a child execution's description: which part, then its own error
                // .sync:2 hands the child's input over as JSON, .sync as a JSON string: accept both
                JsonNode input = node.get("Input").isObject()
                        ? node.get("Input")
                        : parse(node.get("Input").asText());
                if (input != null && input.hasNonNull("part")) {
                    part = input.get("part").asInt();
                }
                type = node.path("Error").asText(type);
                message = node.path("Cause").asText("");
            } else if (node.hasNonNull("errorMessage") || node.hasNonNull("errorType")) {
                type = node.path("errorType").asText(type);
                message = node.path("errorMessage").asText("");
            } else {
                break;
            }
        }
        return new FailureExplanation(
                part, type, TextLimits.abbreviate(message == null ? "" : message.strip(), MAX_MESSAGE));
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank() || text.strip().charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null; // not JSON after all: the text is the message
        }
    }
}
