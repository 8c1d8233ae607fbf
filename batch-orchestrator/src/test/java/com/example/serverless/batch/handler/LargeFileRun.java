package com.example.serverless.batch.handler;

import com.example.serverless.batch.chunk.ChunkCounts;
import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.chunk.ChunkService;
import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.s3.S3MultipartOutput;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * One step of a large-file run against a local endpoint (moto_server), each step in its own JVM so that its peak
 * resident memory can be read on its own: {@code batch-orchestrator/bench/large-file.sh} drives it, and
 * {@code LargeFileMemoryIT} runs its steps in JVMs with a heap smaller than the file.
 *
 * <ul>
 *   <li>{@code generate <rows> <file>}: a valid sales CSV streamed to disk, one row in 5,000 with a bad priority;
 *       prints how many rows it wrote and how many of them are invalid;</li>
 *   <li>{@code setup <file>}: bucket (versioned) + error table, uploads the file; prints bucket, table, version;</li>
 *   <li>{@code split <bucket> <version>}: the real SplitHandler (1,000 rows per chunk, at most 2,500 chunks, unless
 *       {@code FILE_CHUNK_SIZE} / {@code MAX_CHUNKS} are set);</li>
 *   <li>{@code chunks <bucket> <table> <count>}: ChunkService for every part, with the real error table and a
 *       reference lookup that answers every uuid (ten million reference items do not fit in moto);</li>
 *   <li>{@code merge <bucket> <version> <table>}: the real MergeHandler (counts checked, multipart output of
 *       {@code OUTPUT_PART_SIZE_MB} parts, default 16).</li>
 * </ul>
 * Every step ends by printing its peak resident set size (VmHWM) in MB.
 */
public final class LargeFileRun {

    /**
     * moto joins the parts of a GB-sized upload while CompleteMultipartUpload waits, silent (16 s for 1 GB on an
     * idle machine, over 30 s under load), and a retry of that call then fails with HTTP 500; S3 keeps the
     * connection alive with whitespace instead. So the steps that complete a large upload here (setup, merge) read
     * for up to 5 minutes rather than the functions' 30 s.
     */
    private static final ClientTimeouts MOTO_COMPLETE = new ClientTimeouts(
            Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(10));

    static final String KEY = "input/large.csv";
    static final String RUN = "large-file-run";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Long.parseLong(args[1]), Path.of(args[2]));
            case "setup" -> setup(Path.of(args[1]));
            case "split" -> split(args[1], args[2]);
            case "chunks" -> chunks(args[1], args[2], Integer.parseInt(args[3]));
            case "merge" -> merge(args[1], args[2], args[3]);
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
        System.out.println("peakRssMb=" + peakRssMb());
    }

    /** The step's settings: the given ones, with FILE_CHUNK_SIZE, MAX_CHUNKS, OUTPUT_PART_SIZE_MB from the caller. */
    private static Env stepEnv(Map<String, String> settings) {
        Map<String, String> variables = new HashMap<>(settings);
        for (String name : List.of("FILE_CHUNK_SIZE", "MAX_CHUNKS", "OUTPUT_PART_SIZE_MB")) {
            String value = System.getenv(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        return new Env(variables);
    }

    /** Writes {@code rows} data rows to {@code file}; returns how many of them are invalid (one in 5,000). */
    static long generate(long rows, Path file) throws IOException {
        String[] countries = {"Tuvalu", "Chad", "Japan", "Peru", "Norway", "Kenya"};
        String[] items = {"Baby Food", "Snacks", "Meat", "Cosmetics", "Office Supplies"};
        String[] priorities = {"C", "H", "M", "L"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,Region,Ship Date\n");
            for (long i = 1; i <= rows; i++) {
                int m = (int) (i % 12) + 1;
                out.write(new UUID(0x5bd1a6d95e3c4a4eL ^ (i * 0x9E3779B97F4A7C15L), i).toString());
                out.write(',');
                out.write(countries[(int) (i % countries.length)]);
                out.write(',');
                out.write(items[(int) (i % items.length)]);
                out.write(i % 2 == 0 ? ",Online," : ",Offline,");
                out.write(i % 5000 == 0 ? "X" : priorities[(int) (i % 4)]);
                out.write("," + m + "/" + ((i % 28) + 1) + "/2012,Australia and Oceania," + m + "/28/2012\n");
            }
        }
        // what the run must account for: every row in, the bad-priority ones rejected, the rest out
        System.out.println("generatedRows=" + rows + " generatedInvalid=" + rows / 5000);
        return rows / 5000;
    }

    private static void setup(Path file) {
        S3Client s3 = s3(MOTO_COMPLETE);
        String bucket = "large-" + Long.toHexString(System.nanoTime());
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String table = LocalResources.errorTable(dynamoDb());
        // a multipart upload in 64 MB parts: one giant PUT outlasts moto's patience and the client's read timeout
        try (S3MultipartOutput upload = new S3MultipartOutput(s3, bucket, KEY, "text/csv", 64 * 1024 * 1024);
                InputStream in = Files.newInputStream(file)) {
            in.transferTo(upload);
            upload.complete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = s3.headObject(b -> b.bucket(bucket).key(KEY)).versionId();
        System.out.println("bucket=" + bucket + " table=" + table + " version=" + version);
    }

    private static void split(String bucket, String version) {
        SplitHandler handler = new SplitHandler(s3(), stepEnv(Map.of("FILE_CHUNK_SIZE", "1000")));
        JsonNode response =
                LocalResources.invoke(handler, """
                {"runId":"%s","bucket":"%s","key":"%s","versionId":"%s"}""".formatted(RUN, bucket, KEY, version), functionTimeout("split"));
        System.out.println("inputRows=" + response.get("inputRows") + " chunkCount=" + response.get("chunkCount"));
    }

    private static void chunks(String bucket, String table, int count) throws Exception {
        ReferenceLookup everyUuid = uuids -> {
            Map<String, ReferenceRecord> found = new HashMap<>();
            for (String uuid : uuids) {
                found.put(uuid, new ReferenceRecord(uuid, "10", "2.50", "1.25", "25.00", "12.5", "12.5"));
            }
            return found;
        };
        ChunkService service = new ChunkService(s3(), everyUuid, new DynamoDbErrorTable(dynamoDb(), table));
        long in = 0;
        long out = 0;
        long errors = 0;
        // CHUNK_THREADS chunks at once, as the Map runs several chunk functions at once (default 1)
        int threads = Integer.parseInt(System.getenv().getOrDefault("CHUNK_THREADS", "1"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<ChunkCounts>> results = new java.util.ArrayList<>();
        for (int part = 1; part <= count; part++) {
            int number = part;
            results.add(pool.submit(() -> service.process(new ChunkRequest(RUN, bucket, number, ","))));
        }
        for (java.util.concurrent.Future<ChunkCounts> result : results) {
            ChunkCounts counts = result.get();
            in += counts.inputRows();
            out += counts.outputRows();
            errors += counts.errorRows();
        }
        pool.shutdown();
        System.out.println("chunkInputRows=" + in + " chunkOutputRows=" + out + " chunkErrorRows=" + errors);
    }

    private static void merge(String bucket, String version, String table) {
        MergeHandler handler = new MergeHandler(s3(MOTO_COMPLETE), dynamoDb(), stepEnv(Map.of("ERROR_TABLE", table)));
        JsonNode summary =
                LocalResources.invoke(handler, """
                {"runId":"%s","bucket":"%s","key":"%s","versionId":"%s","startedAt":"2026-01-01T00:00:00Z"}""".formatted(RUN, bucket, KEY, version), functionTimeout("merge"));
        System.out.println("inputRows=" + summary.get("inputRows") + " outputRows=" + summary.get("outputRows")
                + " errorRows=" + summary.get("errorRows") + " chunks=" + summary.get("chunks"));
    }

    /** The template's Timeout of split and merge (900 s): the steps check their deadline against it, as on Lambda. */
    private static TestLambdaContext functionTimeout(String function) {
        return new TestLambdaContext(function, Duration.ofSeconds(900));
    }

    private static S3Client s3() {
        return s3(ClientTimeouts.STREAMING);
    }

    private static S3Client s3(ClientTimeouts timeouts) {
        return AwsClients.configure(S3Client.builder(), timeouts)
                .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .forcePathStyle(true)
                .build();
    }

    private static DynamoDbClient dynamoDb() {
        return AwsClients.configure(DynamoDbClient.builder())
                .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .build();
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private LargeFileRun() {}

    static List<String> steps() {
        return List.of("generate", "setup", "split", "chunks", "merge");
    }
}
