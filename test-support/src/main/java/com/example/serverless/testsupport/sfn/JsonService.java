package com.example.serverless.testsupport.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for an AWS JSON-protocol service (awsJson 1.0/1.1: one POST per call, the operation in
 * {@code X-Amz-Target}), answered in-process for {@link LambdaBridge}. Errors go back the way AWS sends them:
 * HTTP 4xx/5xx with {@code {"__type": "<ErrorCode>", "message": "..."}}, which SDKs (and so the Step Functions
 * interpreter) turn into the service's modelled exception.
 */
@FunctionalInterface
public interface JsonService {

    Reply call(String operation, JsonNode request);

    record Reply(int status, String errorType, JsonNode body) {

        public static Reply ok(JsonNode body) {
            return new Reply(200, null, body);
        }

        public static Reply error(int status, String errorType, String message) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("__type", errorType);
            body.put("message", message);
            return new Reply(status, errorType, body);
        }
    }
}
