package com.example.serverless.batch.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.deadline.DeadlineExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkProcessorTest {

    private static final String A = "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3a";
    private static final String B = "0c7e9a41-2f3b-4d5c-8e6f-7a8b9c0d1e2f";
    private static final String UNKNOWN = "11111111-2222-3333-4444-555555555555";
    private static final String CHUNK_HEADER =
            "#row,#line,uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,Region,Ship Date\n";

    private final List<Collection<String>> lookups = new ArrayList<>();
    private final ChunkProcessor processor = new ChunkProcessor(CsvDialect.COMMA, uuids -> {
        lookups.add(List.copyOf(uuids));
        return Map.of(
                A, new ReferenceRecord(A, "9925", "255.28", "159.42", "2533654.00", "1582243.50", "951410.50"),
                B, new ReferenceRecord(B, "2804", "205.70", "117.11", "576782.80", "328376.44", "248406.36"));
    });

    private ChunkProcessor.Result process(String rows, ByteArrayOutputStream out) {
        return processor.process(new ByteArrayInputStream((CHUNK_HEADER + rows).getBytes(StandardCharsets.UTF_8)), out);
    }

    @Test
    void aPassedDeadline_stopsBeforeTheNextLookup_andWritesNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deadline passed = Deadline.fromRemaining(0, Duration.ZERO);
        String rows = "7,8," + B + ",Tuvalu,Meat,Online,H,1/2/2020,Asia,1/3/2020\n";

        assertThatThrownBy(() -> processor.process(
                        new ByteArrayInputStream((CHUNK_HEADER + rows).getBytes(StandardCharsets.UTF_8)), out, passed))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("chunk rows");
        assertThat(lookups).isEmpty();
        assertThat(out.size()).isZero();
    }

    @Test
    void validRows_areEnrichedInInputOrder_andInvalidOrUnknownRowsAreRejectedWithReasons() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result = process(
                "7,8," + B + ",Tuvalu,\"Snacks, assorted\",Online,H,1/2/2020,Asia,1/3/2020\n"
                        + "8,9," + UNKNOWN + ",Tuvalu,Meat,Online,H,1/2/2020,Asia,1/3/2020\n"
                        + "9,10,bad,Tuvalu,Meat,Online,H,1/2/2020,Asia,1/3/2020\n"
                        + "10,11," + A + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020\n",
                out);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(B
                        + ",Tuvalu,\"Snacks, assorted\",Online,H,1/2/2020,Asia,1/3/2020,2804,205.7,117.11,576782.8,"
                        + "328376.44,248406.36\n"
                        + A + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020,9925,255.28,159.42,2533654,1582243.5,"
                        + "951410.5\n"); // canonical numbers (ReferenceRecordTest)
        assertThat(result.inputRows()).isEqualTo(4);
        assertThat(result.outputRows()).isEqualTo(2);
        assertThat(result.rejected())
                .containsExactly(
                        new RejectedRow(
                                8,
                                9,
                                "no reference data for uuid " + UNKNOWN,
                                UNKNOWN + ",Tuvalu,Meat,Online,H,1/2/2020,Asia,1/3/2020"),
                        new RejectedRow(
                                9, 10, "uuid 'bad' is not a UUID", "bad,Tuvalu,Meat,Online,H,1/2/2020,Asia,1/3/2020"));
    }

    @Test
    void referenceData_isLookedUpOncePerHundredValidRows_onlyForValidRows() {
        process(
                "1,2," + A + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020\n"
                        + "2,3,bad,Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020\n"
                        + "3,4," + B + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020\n",
                new ByteArrayOutputStream());

        assertThat(lookups).containsExactly(List.of(A, B));
    }

    @Test
    void aChunkOfMoreThanOneLookupBatch_keepsInputOrder_andRejectsRowsInOrder() {
        StringBuilder rows = new StringBuilder();
        for (int row = 1; row <= 250; row++) {
            String uuid = row % 50 == 0 ? "bad" : (row % 2 == 0 ? A : B);
            rows.append(row)
                    .append(',')
                    .append(row + 1)
                    .append(',')
                    .append(uuid)
                    .append(",Chad,Meat,Offline,L,1/2/2020,Asia,")
                    .append(row == 7 ? "1/1/2020" : "1/2/2020")
                    .append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result = process(rows.toString(), out);

        assertThat(lookups).extracting(Collection::size).containsExactly(100, 100, 44);
        assertThat(result.inputRows()).isEqualTo(250);
        assertThat(result.outputRows()).isEqualTo(244);
        assertThat(result.rejected())
                .extracting(RejectedRow::rowNumber)
                .containsExactly(7L, 50L, 100L, 150L, 200L, 250L);
        assertThat(result.firstRow()).isEqualTo(1);
        assertThat(result.lastRow()).isEqualTo(250);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(244);
        assertThat(lines[0]).startsWith(B + ",");
        assertThat(lines[1]).startsWith(A + ",");
        assertThat(lines[6]).startsWith(A + ","); // row 8: row 7 was rejected
    }

    @Test
    void anUpperCaseUuid_isLookedUpInLowerCase_andEnriched_keepingItsOwnSpelling() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result =
                process("1,2," + A.toUpperCase() + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020\n", out);

        assertThat(lookups).containsExactly(List.of(A));
        assertThat(result.rejected()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith(A.toUpperCase() + ",Chad,")
                .contains(",9925,");
    }

    @Test
    void anUnknownUuidWrittenInUpperCaseWithSpaces_isLookedUpByItsKey_andQuotedAsWritten() {
        String written = "  " + UNKNOWN.replace('5', 'F').toUpperCase() + " ";

        ChunkProcessor.Result result = process(
                "1,2," + written + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020\n", new ByteArrayOutputStream());

        assertThat(lookups).containsExactly(List.of(written.strip().toLowerCase(java.util.Locale.ROOT)));
        assertThat(result.rejected())
                .extracting(RejectedRow::reason, RejectedRow::rawLine)
                .containsExactly(tuple(
                        "no reference data for uuid " + written.strip(),
                        written + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020"));
    }

    @Test
    void aRowWithAMissingField_isRejectedWithItsRawLine() {
        ChunkProcessor.Result result = process("1,2," + A + ",Chad,Meat\n", new ByteArrayOutputStream());

        assertThat(result.rejected())
                .containsExactly(new RejectedRow(1, 2, "expected 8 fields, found 3", A + ",Chad,Meat"));
    }

    @Test
    void chunkCounts_refuseToLoseRows() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChunkCounts(1, 10, 8, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("chunk 1 lost rows: 10 in, 8 out, 1 errors");
    }

    @Test
    void aDelimiterThatCanAppearInANumber_getsTheReferenceValuesQuoted_soTheOutputReadsBack() {
        ChunkProcessor dotted = new ChunkProcessor(
                new CsvDialect('.'),
                uuids -> Map.of(A, new ReferenceRecord(A, "9925", "255.28", "-159.42", "", "1582243.50", "951410.50")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String header = CHUNK_HEADER.replace(',', '.');
        String row = "7.8." + A + ".Chad.Meat.Offline.L.\"1/2/2020\".Asia.1/2/2020\n";

        ChunkProcessor.Result result =
                dotted.process(new ByteArrayInputStream((header + row).getBytes(StandardCharsets.UTF_8)), out);

        assertThat(result.outputRows()).isEqualTo(1);
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written)
                .isEqualTo(A + ".Chad.Meat.Offline.L.1/2/2020.Asia.1/2/2020.9925.\"255.28\".\"-159.42\"..\"1582243.5\""
                        + ".\"951410.5\"\n");
        try (var reader = new CsvDialect('.').arrayReader(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(reader.stream().toList()).singleElement().isEqualTo(new String[] {
                A,
                "Chad",
                "Meat",
                "Offline",
                "L",
                "1/2/2020",
                "Asia",
                "1/2/2020",
                "9925",
                "255.28",
                "-159.42",
                "",
                "1582243.5",
                "951410.5"
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fieldsNeedingQuotes_andValidRowsLongerThanTheStagingBuffer_areWrittenWhole() {
        // an extra column (no rule limits it) makes a valid row far longer than the staging buffer's first size
        String notes = "say \"hi\", then " + "x".repeat(70_000);
        String header = CHUNK_HEADER.replace("Ship Date\n", "Ship Date,Notes\n");
        String rows = "7,8," + B + ",Tuvalu,\"Line one\nline two\",Online,H,1/2/2020,Asia,1/3/2020,short\n"
                + "8,9," + A + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020,\"" + notes.replace("\"", "\"\"")
                + "\"\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result =
                processor.process(new ByteArrayInputStream((header + rows).getBytes(StandardCharsets.UTF_8)), out);

        assertThat(result.outputRows()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(B + ",Tuvalu,\"Line one\nline two\",Online,H,1/2/2020,Asia,1/3/2020,short,2804,205.7,"
                        + "117.11,576782.8,328376.44,248406.36\n"
                        + A + ",Chad,Meat,Offline,L,1/2/2020,Asia,1/2/2020,\"" + notes.replace("\"", "\"\"")
                        + "\",9925,255.28,159.42,2533654,1582243.5,951410.5\n");
    }

    @Test
    void manyLookupBatchesOfLongRows_growTheBuffers_andKeepEveryByte() {
        StringBuilder rows = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        String item = "Item " + "y".repeat(90); // long but valid: under 100 characters
        for (int i = 0; i < 1_000; i++) {
            String id = i % 2 == 0 ? A : B;
            rows.append(i + 1)
                    .append(',')
                    .append(i + 2)
                    .append(',')
                    .append(id)
                    .append(",Chad,")
                    .append(item)
                    .append(",Offline,L,1/2/2020,Asia,1/2/2020\n");
            expected.append(id)
                    .append(",Chad,")
                    .append(item)
                    .append(",Offline,L,1/2/2020,Asia,1/2/2020,")
                    .append(
                            i % 2 == 0
                                    ? "9925,255.28,159.42,2533654,1582243.5,951410.5"
                                    : "2804,205.7,117.11,576782.8,328376.44,248406.36")
                    .append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result = process(rows.toString(), out);

        assertThat(result.outputRows()).isEqualTo(1_000);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
