package com.example.serverless.batch.config;

import com.example.serverless.batch.archive.InputArchiver;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.split.Splitter;
import com.example.serverless.common.config.Env;
import java.time.Duration;

/**
 * Each batch function's configuration: one record per function, read once at init through common's {@link Env}
 * from the variables {@code template.yaml} sets, and checked there, so a missing or unusable variable fails the
 * function's init with its name (never a default picked in the middle of a run). A handler reads only its own
 * record; the table in the module README lists every variable.
 */
public final class BatchConfig {

    private BatchConfig() {}

    public record Trigger(String stateMachineArn) {
        public static Trigger from(Env env) {
            return new Trigger(env.required("STATE_MACHINE_ARN"));
        }
    }

    /** @param maxChunks most chunks a run has; a bigger file gets bigger chunks (see {@link Splitter}) */
    public record Split(CsvDialect dialect, int chunkSize, int maxChunks) {
        public static Split from(Env env) {
            CsvDialect dialect;
            try {
                dialect = CsvDialect.fromParameter(env.optional("FILE_DELIMITER", ","));
            } catch (IllegalArgumentException e) {
                throw new Env.InvalidConfigurationException("FILE_DELIMITER", e.getMessage());
            }
            return new Split(
                    dialect,
                    env.intValue("FILE_CHUNK_SIZE", 1000, 1, 100_000),
                    env.intValue("MAX_CHUNKS", Splitter.DEFAULT_MAX_CHUNKS, 1, Splitter.DEFAULT_MAX_CHUNKS));
        }
    }

    public record Chunk(String referenceTable, String errorTable) {
        public static Chunk from(Env env) {
            return new Chunk(env.required("REFERENCE_TABLE"), env.required("ERROR_TABLE"));
        }
    }

    /** @param outputPartSizeBytes multipart part size of the output ({@code OUTPUT_PART_SIZE_MB}, 5..512) */
    public record Merge(String errorTable, int outputPartSizeBytes) {
        public static Merge from(Env env) {
            return new Merge(
                    env.required("ERROR_TABLE"), env.intValue("OUTPUT_PART_SIZE_MB", 16, 5, 512) * 1024 * 1024);
        }
    }

    /** @param archiveFolder without slashes, never inside {@code input/} */
    public record Archive(String archiveFolder) {
        public static Archive from(Env env) {
            String folder = env.required("INPUT_ARCHIVE_FOLDER");
            try {
                return new Archive(InputArchiver.checkedFolder(folder));
            } catch (IllegalArgumentException e) {
                throw new Env.InvalidConfigurationException("INPUT_ARCHIVE_FOLDER", e.getMessage());
            }
        }
    }

    public record Notify(String topicArn, Duration linkLifetime) {
        public static Notify from(Env env) {
            return new Notify(
                    env.required("TOPIC_ARN"),
                    Duration.ofMinutes(env.intValue("LINK_EXPIRY_MINUTES", 60, 1, 7 * 24 * 60)));
        }
    }

    public record Failure(String topicArn, String errorTable) {
        public static Failure from(Env env) {
            return new Failure(env.required("TOPIC_ARN"), env.required("ERROR_TABLE"));
        }
    }
}
