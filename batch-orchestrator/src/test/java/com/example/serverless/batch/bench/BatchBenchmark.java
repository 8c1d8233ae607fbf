package com.example.serverless.batch.bench;

import com.example.serverless.batch.chunk.ChunkProcessor;
import com.example.serverless.batch.csv.ChunkColumns;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.csv.CsvFields;
import com.example.serverless.batch.enrich.DynamoDbReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.sample.SalesSample;
import com.example.serverless.batch.split.Splitter;
import com.example.serverless.batch.validation.Columns;
import com.example.serverless.batch.validation.ValidationRules;
import com.example.serverless.common.priming.OfflineHttpClient;
import com.example.serverless.common.priming.OfflineHttpClient.Answer;
import com.example.serverless.common.priming.Priming;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Rows per second of the three Java stages on generated samples, in memory (S3 and DynamoDB replaced by byte
 * arrays and a HashMap, so the numbers are this code's CPU cost, not moto's or the network's). Two baselines are
 * measured in the same run on the same bytes: the floor (copy the input and count line ends, what any CSV stage
 * must at least pay) and a FastCSV-only chunk pipeline (read every chunk with FastCSV's fastest record type, append
 * six constant values, write it back: parsing and writing without our rules, bookkeeping or lookup). The chunk
 * stage is measured with three lookups: answers ready (the target figure), one search of the whole reference data
 * per key (the first stand-in) and the function's own DynamoDB lookup through the SDK with the network left out
 * (what a chunk really costs in CPU). Every stage
 * is reported as a ratio of its time to each baseline, so the figures survive a busy machine. Not part of the test
 * run; see batch-orchestrator/README.md "Benchmark".
 *
 * <p>Run: {@code batch-orchestrator/bench.sh [rows...]} (default 250000).
 */
public final class BatchBenchmark {

    private static final int CHUNK_SIZE = 1000;
    private static final int ROUNDS = 3;
    /** Rounds before the timing: one left the JIT compiler still busy (process CPU time above wall time). */
    private static final int WARM_UP_ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(250_000);
        }
        System.out.printf(
                Locale.ROOT,
                "%-9s %-34s %8s %9s %12s %10s %12s%n",
                "rows",
                "stage",
                "cpu ms",
                "wall ms",
                "rows/s",
                "vs floor",
                "vs FastCSV");
        for (int rows : sizes) {
            run(rows);
        }
    }

    private static void run(int rows) throws Exception {
        SalesSample.Sample sample = SalesSample.generate(rows, rows / 270, 42L); // ~37 bad rows per 10k
        byte[] input = sample.csv().getBytes(StandardCharsets.UTF_8);
        Map<String, ReferenceRecord> reference = parseReference(sample.referenceCsv());
        List<byte[]> chunks = new ArrayList<>();
        new Splitter(CsvDialect.COMMA, CHUNK_SIZE)
                .split(new ByteArrayInputStream(input), (part, csv, count) -> chunks.add(csv));
        ReferenceLookup lookup = answersInRowOrder(chunks, reference);
        // the first bench's stand-in, kept for comparison: every lookup searches the whole reference data
        ReferenceLookup wholeMapLookup = uuids -> {
            Map<String, ReferenceRecord> found = HashMap.newHashMap(uuids.size());
            for (String uuid : uuids) {
                ReferenceRecord record = reference.get(uuid);
                if (record != null) {
                    found.put(uuid, record);
                }
            }
            return found;
        };
        Method countRecords = Class.forName("com.example.serverless.batch.merge.Merger")
                .getDeclaredMethod("countRecords", CsvDialect.class, byte[].class);
        countRecords.setAccessible(true);
        List<byte[]> processed = processAll(chunks, lookup);
        requireSameOutput(processed, processAll(chunks, wholeMapLookup), "the whole-map lookup");

        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("floor: copy + count \\n", () -> {
            ByteArrayOutputStream copy = new ByteArrayOutputStream(input.length);
            copy.write(input, 0, input.length);
            int lines = 0;
            for (byte b : copy.toByteArray()) {
                if (b == '\n') {
                    lines++;
                }
            }
            return lines;
        });
        stages.put("FastCSV only: read+append+write", () -> {
            long written = 0;
            String[] extra = {"9925", "255.28", "159.42", "2533654", "1582243.5", "951410.5"};
            for (byte[] chunk : chunks) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + chunk.length / 2);
                CsvWriter writer = CsvDialect.COMMA.writer(out);
                try (CsvReader<String[]> reader = CsvDialect.COMMA.arrayReader(new ByteArrayInputStream(chunk))) {
                    for (String[] record : reader) {
                        String[] row = Arrays.copyOf(record, record.length + extra.length);
                        System.arraycopy(extra, 0, row, record.length, extra.length);
                        writer.writeRecord(row);
                        written++;
                    }
                }
                writer.flush();
            }
            return written;
        });
        stages.put("split (parse + chunk)", () -> {
            List<byte[]> parts = new ArrayList<>();
            new Splitter(CsvDialect.COMMA, CHUNK_SIZE)
                    .split(new ByteArrayInputStream(input), (part, csv, count) -> parts.add(csv));
            return parts.size();
        });
        stages.put("process (validate+enrich+write)", () -> processAll(chunks, lookup));
        stages.put("process, lookup in whole map", () -> processAll(chunks, wholeMapLookup));
        SdkLookup sdk = SdkLookup.recording(chunks, lookup);
        requireSameOutput(processed, processAll(chunks, sdk.rewound()), "the lookup through the SDK");
        stages.put("process, lookup through the SDK", () -> processAll(chunks, sdk.rewound()));
        stages.put("merge (count + concat)", () -> merge(processed, countRecords));
        stages.put("whole: split+process+merge", () -> {
            // each chunk goes through the three stages as it is cut, as in a run: no stage holds the whole file
            ByteArrayOutputStream output = new ByteArrayOutputStream(2 * input.length);
            long[] counted = {0};
            ChunkProcessor processor = new ChunkProcessor(CsvDialect.COMMA, lookup);
            new Splitter(CsvDialect.COMMA, CHUNK_SIZE).split(new ByteArrayInputStream(input), (part, csv, count) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(csv.length + csv.length / 2);
                processor.process(new ByteArrayInputStream(csv), out);
                byte[] processedPart = out.toByteArray();
                try {
                    counted[0] += (long) countRecords.invoke(null, CsvDialect.COMMA, processedPart);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                output.write(processedPart, 0, processedPart.length);
            });
            return counted[0];
        });
        Map<String, long[]> best = best(stages);
        long floor = best.get("floor: copy + count \\n")[0];
        long fastCsv = best.get("FastCSV only: read+append+write")[0];
        best.forEach((stage, nanos) -> report(rows, stage, nanos, floor, fastCsv));
        sdk.close();
        System.out.printf(
                Locale.ROOT,
                "%-9d input %.1f MB, %d chunks of %d rows%n",
                rows,
                input.length / 1e6,
                chunks.size(),
                CHUNK_SIZE);
    }

    /**
     * The lookup stand-in, answering like DynamoDbReferenceLookup does: a new map per lookup, keyed by new key
     * strings (a response's keys are never the request's strings), of the reference records of the keys found.
     * The records are made before the timing, one per row, and kept in row order in one list per chunk, so that
     * reading them costs what reading records just unmarshalled from a response costs: memory read in order, not
     * a cache miss per value. (Kept in hash maps, the garbage collector scatters them, and the first two stand-ins
     * spent a third to a half of the stage on those misses: see "process, lookup in whole map".) The network and
     * the SDK's unmarshalling are the lookup's cost, measured as "process, lookup through the SDK".
     */
    private static ReferenceLookup answersInRowOrder(List<byte[]> chunks, Map<String, ReferenceRecord> reference)
            throws Exception {
        record Start(List<ReferenceRecord> records, int index) {}
        Map<String, Start> startOf = new HashMap<>();
        for (byte[] chunk : chunks) {
            List<ReferenceRecord> records = new ArrayList<>();
            try (CsvReader<CsvFields> reader = CsvDialect.COMMA.fieldsReader(new ByteArrayInputStream(chunk))) {
                Iterator<CsvFields> rows = reader.iterator();
                List<String> header = rows.next().list(0);
                int meta = ChunkColumns.metaCount(header);
                Columns columns = Columns.ofHeader(header.subList(meta, header.size()));
                ValidationRules rules = new ValidationRules(columns);
                int uuidColumn = meta + columns.index(Columns.UUID);
                while (rows.hasNext()) {
                    CsvFields row = rows.next();
                    // the rows the chunk step looks up: valid UTF-8 and every rule passed (as ChunkProcessor)
                    if ((meta > 2 && !row.isEmpty(2)) || rules.check(row, meta) != null) {
                        continue;
                    }
                    String key = ReferenceRecord.key(row.get(uuidColumn));
                    startOf.putIfAbsent(key, new Start(records, records.size()));
                    ReferenceRecord found = reference.get(key);
                    if (found != null) {
                        records.add(new ReferenceRecord(
                                found.uuid(),
                                found.unitsSold(),
                                found.unitPrice(),
                                found.unitCost(),
                                found.totalRevenue(),
                                found.totalCost(),
                                found.totalProfit()));
                    }
                }
            }
        }
        return uuids -> {
            Map<String, ReferenceRecord> found = HashMap.newHashMap(uuids.size());
            Start start = startOf.get(uuids.iterator().next()); // every looked-up key has a start
            // the keys are the valid rows' in row order, the records those of them with data: walk both together
            int next = start.index();
            for (String uuid : uuids) {
                if (next < start.records().size()
                        && start.records().get(next).uuid().equals(uuid)) {
                    found.put(new String(uuid.toCharArray()), start.records().get(next++));
                }
            }
            return found;
        };
    }

    /**
     * The function's own lookup, DynamoDbReferenceLookup on an SDK DynamoDbClient, with an HTTP client that answers
     * from memory instead of the network: each BatchGetItem gets the JSON DynamoDB would send for that batch's keys,
     * recorded in order before the timing. The SDK's marshalling, signing and unmarshalling and the records' number
     * canonicalisation are then measured with the rest of the chunk; only the network is left out.
     */
    private static final class SdkLookup implements AutoCloseable {
        private static final String TABLE = "reference";
        private final List<String> responses;
        private final DynamoDbClient client;
        private final ReferenceLookup lookup;
        private int next;

        private SdkLookup(List<String> responses) {
            this.responses = responses;
            this.client = Priming.offlineClient(
                    DynamoDbClient.builder(), new OfflineHttpClient(request -> Answer.ok(responses.get(next++))));
            this.lookup = new DynamoDbReferenceLookup(client, TABLE);
        }

        /** Runs every chunk once with {@code answers}, keeping each lookup's answer as a BatchGetItem response. */
        static SdkLookup recording(List<byte[]> chunks, ReferenceLookup answers) {
            List<String> responses = new ArrayList<>();
            processAll(chunks, uuids -> {
                Map<String, ReferenceRecord> found = answers.find(uuids);
                responses.add(response(found.values()));
                return found;
            });
            return new SdkLookup(responses);
        }

        /** The lookup, ready to answer the chunks from the first one again. */
        ReferenceLookup rewound() {
            next = 0;
            return lookup;
        }

        private static String response(Collection<ReferenceRecord> records) {
            StringBuilder json = new StringBuilder("{\"Responses\":{\"" + TABLE + "\":[");
            String separator = "";
            for (ReferenceRecord record : records) {
                json.append(separator)
                        .append("{\"uuid\":{\"S\":\"")
                        .append(record.uuid())
                        .append("\"}");
                List<String> values = record.values();
                for (int i = 0; i < values.size(); i++) {
                    if (!values.get(i).isEmpty()) {
                        json.append(",\"")
                                .append(Columns.REFERENCE.get(i))
                                .append("\":{\"N\":\"")
                                .append(values.get(i))
                                .append("\"}");
                    }
                }
                json.append('}');
                separator = ",";
            }
            return json.append("]},\"UnprocessedKeys\":{}}").toString();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The stages must do the same work: every lookup gives the same output, byte for byte. */
    private static void requireSameOutput(List<byte[]> expected, List<byte[]> actual, String lookup) {
        for (int i = 0; i < expected.size(); i++) {
            if (!Arrays.equals(expected.get(i), actual.get(i))) {
                throw new IllegalStateException("chunk " + (i + 1) + " differs with " + lookup);
            }
        }
    }

    private static long merge(List<byte[]> processed, Method countRecords) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream(processed.size() * processed.get(0).length * 2);
        long counted = 0;
        for (byte[] part : processed) {
            counted += (long) countRecords.invoke(null, CsvDialect.COMMA, part);
            output.write(part, 0, part.length);
        }
        return counted;
    }

    private static List<byte[]> processAll(List<byte[]> chunks, ReferenceLookup lookup) {
        List<byte[]> processed = new ArrayList<>(chunks.size());
        for (byte[] chunk : chunks) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + chunk.length / 2);
            new ChunkProcessor(CsvDialect.COMMA, lookup).process(new ByteArrayInputStream(chunk), out);
            processed.add(out.toByteArray());
        }
        return processed;
    }

    private interface Stage {
        Object run() throws Exception;
    }

    /**
     * Best of {@value #ROUNDS} rounds after {@value #WARM_UP_ROUNDS} warm-up rounds: the process's CPU time (all threads, so garbage
     * collection counts) and the wall time, in nanoseconds. The stages take turns within each round, so a burst of
     * load from other processes hits every stage alike instead of skewing one ratio. CPU time is what the rates
     * and ratios use: on a shared machine wall time also counts the time other processes held the core.
     */
    private static Map<String, long[]> best(Map<String, Stage> stages) throws Exception {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            for (Stage stage : stages.values()) {
                stage.run();
            }
        }
        Map<String, long[]> best = new LinkedHashMap<>();
        for (int i = 0; i < ROUNDS; i++) {
            for (Map.Entry<String, Stage> stage : stages.entrySet()) {
                long cpuStart = OS.getProcessCpuTime();
                long start = System.nanoTime();
                stage.getValue().run();
                long wall = System.nanoTime() - start;
                long cpu = OS.getProcessCpuTime() - cpuStart;
                best.merge(stage.getKey(), new long[] {cpu, wall}, (a, b) ->
                        new long[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])});
            }
        }
        return best;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static void report(int rows, String stage, long[] nanos, long floorNanos, long fastCsvNanos) {
        System.out.printf(
                Locale.ROOT,
                "%-9d %-34s %8.1f %9.1f %12.0f %9.2fx %11.2fx%n",
                rows,
                stage,
                nanos[0] / 1e6,
                nanos[1] / 1e6,
                rows / (nanos[0] / 1e9),
                (double) nanos[0] / floorNanos,
                (double) nanos[0] / fastCsvNanos);
    }

    private static Map<String, ReferenceRecord> parseReference(String csv) {
        Map<String, ReferenceRecord> byUuid = new HashMap<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (!f[0].equals("uuid")) {
                byUuid.put(f[0], new ReferenceRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
            }
        }
        return byUuid;
    }
}
