package com.example.serverless.batch.run;

import java.util.Locale;

/**
 * Where each run keeps its files in the batch bucket. Everything a run writes lives under its own prefix
 * ({@code runs/<runId>/}) or has its run id in the name, so a retry overwrites its own files and never reads
 * another run's, and the merge reads only processed chunks (never its own output).
 *
 * <pre>
 * input/&lt;name&gt;.csv                         uploaded file (trigger prefix)
 * runs/&lt;runId&gt;/manifest.json                 chunk list written by the splitter
 * runs/&lt;runId&gt;/chunks/part-00001.csv         split chunks (header: #row,#line,&lt;input header&gt;)
 * runs/&lt;runId&gt;/processed/part-00001.csv      valid, enriched rows of one chunk (no header)
 * output/&lt;runId&gt;.csv                         merged output (one header)
 * output/&lt;runId&gt;.summary.json                run summary
 * &lt;archive folder&gt;/&lt;name&gt;.csv                the input, moved after a successful run
 * </pre>
 */
public final class RunLayout {

    public static final String INPUT_PREFIX = "input/";
    private static final String RUNS_PREFIX = "runs/";
    private static final String OUTPUT_PREFIX = "output/";

    private RunLayout() {}

    public static String manifestKey(String runId) {
        return RUNS_PREFIX + runId + "/manifest.json";
    }

    public static String chunkKey(String runId, int part) {
        return RUNS_PREFIX + runId + "/chunks/" + partName(part);
    }

    public static String processedKey(String runId, int part) {
        return RUNS_PREFIX + runId + "/processed/" + partName(part);
    }

    public static String outputKey(String runId) {
        return OUTPUT_PREFIX + runId + ".csv";
    }

    public static String summaryKey(String runId) {
        return OUTPUT_PREFIX + runId + ".summary.json";
    }

    /** {@code input/a/b.csv} moves to {@code <archiveFolder>/a/b.csv}. */
    public static String archiveKey(String archiveFolder, String inputKey) {
        String relative = inputKey.startsWith(INPUT_PREFIX) ? inputKey.substring(INPUT_PREFIX.length()) : inputKey;
        return trimSlashes(archiveFolder) + "/" + relative;
    }

    /** Zero-padded so listings read in order; consumers still sort by the number, never by the name. */
    static String partName(int part) {
        if (part < 1) {
            throw new IllegalArgumentException("part numbers start at 1, got " + part);
        }
        return String.format(Locale.ROOT, "part-%05d.csv", part);
    }

    public static String trimSlashes(String folder) {
        String trimmed = folder.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
