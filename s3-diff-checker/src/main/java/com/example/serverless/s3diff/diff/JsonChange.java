package com.example.serverless.s3diff.diff;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One structural difference between two JSON documents.
 *
 * @param path      RFC 6901 JSON Pointer: for REMOVED valid in the old document, for ADDED in the new, for CHANGED
 *                  in both
 * @param kind      what happened at the path
 * @param oldValue  the old value as JSON text (null for ADDED), cut at the value limit
 * @param newValue  the new value as JSON text (null for REMOVED), cut at the value limit
 * @param truncated whether either value was cut
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonChange(String path, Kind kind, String oldValue, String newValue, boolean truncated) {

    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }
}
