package com.example.serverless.s3diff.report;

import com.example.serverless.s3diff.diff.JsonChange;
import com.example.serverless.s3diff.diff.JsonDiffResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The structural part of a report for {@code .json} keys: the changes, or why there are none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonSection(
        Integer added, Integer removed, Integer changed, List<JsonChange> changes, Integer omitted, String error) {

    public static JsonSection of(JsonDiffResult result) {
        return new JsonSection(
                result.added(), result.removed(), result.changed(), result.changes(), result.omitted(), null);
    }

    public static JsonSection failed(String error) {
        return new JsonSection(null, null, null, null, null, error);
    }
}
