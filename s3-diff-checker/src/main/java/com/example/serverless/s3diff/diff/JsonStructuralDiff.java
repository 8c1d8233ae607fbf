package com.example.serverless.s3diff.diff;

import com.example.serverless.common.text.TextLimits;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which JSON Pointer paths were added, removed or changed between two documents. Objects are compared by member
 * name, arrays by position (configuration arrays are usually positional, and a positional path is valid in the
 * document it names). Hand-written rather than taken from a JSON Patch library on purpose: a patch is an edit script
 * whose array indices shift as earlier operations apply, so its paths do not point into either document; this walk
 * over Jackson trees is short and its paths do. Pointer escaping ({@code ~0}, {@code ~1}) is Jackson's.
 */
public final class JsonStructuralDiff {

    private final int valueLimit;
    private final int changesLimit;

    public JsonStructuralDiff(int valueLimit, int changesLimit) {
        this.valueLimit = valueLimit;
        this.changesLimit = changesLimit;
    }

    public JsonDiffResult compare(JsonNode oldDocument, JsonNode newDocument) {
        Walk walk = new Walk();
        walk.compare(JsonPointer.empty(), oldDocument, newDocument);
        return new JsonDiffResult(walk.added, walk.removed, walk.changed, walk.listed, walk.omitted);
    }

    private final class Walk {
        int added;
        int removed;
        int changed;
        int omitted;
        final List<JsonChange> listed = new ArrayList<>();

        void compare(JsonPointer path, JsonNode before, JsonNode after) {
            if (before.equals(after)) {
                return;
            }
            if (before.isObject() && after.isObject()) {
                compareObjects(path, before, after);
            } else if (before.isArray() && after.isArray()) {
                compareArrays(path, before, after);
            } else {
                changed++;
                record(path, JsonChange.Kind.CHANGED, before, after);
            }
        }

        private void compareObjects(JsonPointer path, JsonNode before, JsonNode after) {
            for (Map.Entry<String, JsonNode> member : before.properties()) {
                JsonPointer child = path.appendProperty(member.getKey());
                JsonNode counterpart = after.get(member.getKey());
                if (counterpart == null) {
                    removed++;
                    record(child, JsonChange.Kind.REMOVED, member.getValue(), null);
                } else {
                    compare(child, member.getValue(), counterpart);
                }
            }
            for (Map.Entry<String, JsonNode> member : after.properties()) {
                if (!before.has(member.getKey())) {
                    added++;
                    record(path.appendProperty(member.getKey()), JsonChange.Kind.ADDED, null, member.getValue());
                }
            }
        }

        private void compareArrays(JsonPointer path, JsonNode before, JsonNode after) {
            int common = Math.min(before.size(), after.size());
            for (int i = 0; i < common; i++) {
                compare(path.appendIndex(i), before.get(i), after.get(i));
            }
            for (int i = common; i < before.size(); i++) {
                removed++;
                record(path.appendIndex(i), JsonChange.Kind.REMOVED, before.get(i), null);
            }
            for (int i = common; i < after.size(); i++) {
                added++;
                record(path.appendIndex(i), JsonChange.Kind.ADDED, null, after.get(i));
            }
        }

        private void record(JsonPointer path, JsonChange.Kind kind, JsonNode before, JsonNode after) {
            if (listed.size() >= changesLimit) {
                omitted++;
                return;
            }
            String oldText = before == null ? null : before.toString();
            String newText = after == null ? null : after.toString();
            boolean truncated = TextLimits.exceeds(oldText, valueLimit) || TextLimits.exceeds(newText, valueLimit);
            listed.add(new JsonChange(
                    path.toString(),
                    kind,
                    TextLimits.cut(oldText, valueLimit),
                    TextLimits.cut(newText, valueLimit),
                    truncated));
        }
    }
}
