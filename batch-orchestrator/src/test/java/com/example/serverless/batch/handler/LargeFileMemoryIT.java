package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.chunk.ChunkService;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Split and merge, the two steps that see the whole file, each in a JVM whose heap is smaller than the file (input
 * 1.08x, output 1.08x the heap): a step that held the input, all its chunks or the output fails with
 * {@code OutOfMemoryError}, as did the merge while its part buffer made three copies of every output part and it
 * held each chunk whole (it then needed more than 40 MB for 5 MB parts), so passing shows that their memory is set
 * by the chunk and part size, not by the file. The chunk step (one invocation per chunk, so one chunk of memory by
 * construction) is stood in for by copying each chunk's rows as its processed part, which keeps this test short;
 * {@code bench/large-file.sh} runs the real one, on 1, 3 and 10 million rows.
 */
@LocalAwsTest
class LargeFileMemoryIT {

    /** Each step's whole heap: one 5 MB output part, one chunk, and the SDK, Jackson and Log4j. */
    private static final int HEAP_MB = 24;

    /** ~104 bytes per generated row: ~26 MB of input and of output. */
    private static final long ROWS = 250_000;

    private static final Pattern VALUE = Pattern.compile("\\b(\\w+)=(\\S+)");

    private final LocalAws aws;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    LargeFileMemoryIT(LocalAws aws) {
        this.aws = aws;
        this.s3 = LocalResources.s3(aws);
        this.dynamoDb = LocalResources.dynamoDb(aws);
    }

    @Test
    void aFileLargerThanTheHeap_isSplitAndMerged_withEveryRowAccountedFor(@TempDir Path dir) throws Exception {
        // GIVEN a generated input larger than a step's heap in a versioned bucket, and the error table
        Path file = dir.resolve("large.csv");
        LargeFileRun.generate(ROWS, file);
        assertThat(Files.size(file)).isGreaterThan(HEAP_MB * 1024L * 1024);
        String bucket = LocalResources.versionedBucket(s3);
        String table = LocalResources.errorTable(dynamoDb);
        String version = s3.putObject(b -> b.bucket(bucket).key(LargeFileRun.KEY), RequestBody.fromFile(file))
                .versionId();
        Files.delete(file);

        // WHEN split and merge each run in their own JVM with a 24 MB heap, with at most 40 chunks (so ~650 KB each:
        // the chunk size adapts to the file) and 5 MB output parts; every row passes the stand-in chunk step
        Map<String, String> split = step("split", bucket, version);
        int chunks = Integer.parseInt(split.get("chunkCount"));
        for (int part = 1; part <= chunks; part++) {
            passEveryRow(bucket, part);
        }
        Map<String, String> merge = step("merge", bucket, version, table);

        // THEN every generated row is in the output, counted by both steps
        assertThat(Long.parseLong(split.get("inputRows"))).isEqualTo(ROWS);
        assertThat(chunks).isBetween(2, 40);
        assertThat(Long.parseLong(merge.get("inputRows"))).isEqualTo(ROWS);
        assertThat(Long.parseLong(merge.get("outputRows"))).isEqualTo(ROWS);
        assertThat(Long.parseLong(merge.get("errorRows"))).isZero();
        long outputBytes = s3.headObject(b -> b.bucket(bucket).key("output/" + LargeFileRun.RUN + ".csv"))
                .contentLength();
        assertThat(outputBytes).isGreaterThan(HEAP_MB * 1024L * 1024);
    }

    /** The chunk step's output if every row were valid: the chunk's rows, without its header, with their counts. */
    private void passEveryRow(String bucket, int part) {
        byte[] chunk = s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.chunkKey(LargeFileRun.RUN, part)))
                .asByteArray();
        int header = 0;
        while (chunk[header] != '\n') {
            header++;
        }
        byte[] rows = Arrays.copyOfRange(chunk, header + 1, chunk.length);
        String count = Long.toString(
                rows.length == 0
                        ? 0
                        : new String(rows, StandardCharsets.UTF_8).lines().count());
        s3.putObject(
                b -> b.bucket(bucket)
                        .key(RunLayout.processedKey(LargeFileRun.RUN, part))
                        .metadata(Map.of(
                                ChunkService.META_INPUT_ROWS, count,
                                ChunkService.META_OUTPUT_ROWS, count,
                                ChunkService.META_ERROR_ROWS, "0")),
                RequestBody.fromBytes(rows));
    }

    /** Runs one {@link LargeFileRun} step in a fresh JVM with a {@value #HEAP_MB} MB heap; returns its results. */
    private Map<String, String> step(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile("large-file-" + args[0], ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx" + HEAP_MB + "m",
                "-XX:ActiveProcessorCount=1",
                "-cp",
                System.getProperty("java.class.path"),
                LargeFileRun.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(aws.environment());
        builder.environment().putAll(Map.of("MAX_CHUNKS", "40", "OUTPUT_PART_SIZE_MB", "5"));
        long started = System.nanoTime();
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("step %s: %d ms%n", args[0], (System.nanoTime() - started) / 1_000_000);
        Files.delete(log);
        assertThat(finished)
                .as("step %s finished within 3 minutes:%n%s", args[0], output)
                .isTrue();
        assertThat(process.exitValue())
                .as("step %s in a %d MB heap:%n%s", args[0], HEAP_MB, output)
                .isZero();
        Map<String, String> values = new HashMap<>();
        for (String line : output.lines().filter(l -> l.matches("^\\w+=.*")).toList()) {
            Matcher m = VALUE.matcher(line);
            while (m.find()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }
}
