package com.example.serverless.batch.chunk;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.RunInput;
import java.util.Objects;

/**
 * The chunk workflow's input: which run, which part of it, and the run's delimiter (from the split step, the
 * character itself: {@code "\t"} for a tab). Every field is required: there is no default delimiter, since reading
 * a chunk in the wrong dialect would turn every row into an error row.
 */
public record ChunkRequest(String runId, String bucket, int part, String delimiter) {

    public ChunkRequest {
        RunInput.requireText(runId, "runId");
        RunInput.requireText(bucket, "bucket");
        if (part < 1) {
            throw new IllegalArgumentException("part must be at least 1, got " + part);
        }
        dialectOf(delimiter); // one character, not a quote or a line break
    }

    /** The dialect the split wrote this run's chunks in. */
    public CsvDialect dialect() {
        return dialectOf(delimiter);
    }

    private static CsvDialect dialectOf(String delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter must be exactly one character, got '" + delimiter + "'");
        }
        return new CsvDialect(delimiter.charAt(0));
    }
}
