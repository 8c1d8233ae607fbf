package com.example.serverless.s3diff.diff;

import java.util.List;

/**
 * @param added   number of paths only in the new document
 * @param removed number of paths only in the old document
 * @param changed number of paths whose value changed (including a change of type)
 * @param changes the first changes in document order, up to the report limit
 * @param omitted changes counted but not listed
 */
public record JsonDiffResult(int added, int removed, int changed, List<JsonChange> changes, int omitted) {

    public JsonDiffResult {
        changes = List.copyOf(changes);
    }
}
