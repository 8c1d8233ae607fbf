package com.example.serverless.batch.split;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * The full description of a run's chunks, kept in S3 next to the chunks ({@code runs/<runId>/manifest.json}).
 * The state machine only carries part numbers; the merge reads this to know every part and its row count.
 *
 * @param delimiter the input's field delimiter, used for every chunk and the output
 */
public record Manifest(
        String runId,
        String bucket,
        String key,
        @JsonSetter(nulls = Nulls.SET) String versionId,
        String delimiter,
        List<String> header,
        long inputRows,
        List<Chunk> chunks) {

    public record Chunk(int part, String key, int rows) {}
}
