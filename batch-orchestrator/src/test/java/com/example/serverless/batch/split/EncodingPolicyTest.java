package com.example.serverless.batch.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.chunk.ChunkProcessor;
import com.example.serverless.batch.chunk.RejectedRow;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.run.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not UTF-8 never become U+FFFD in an accepted row: the row is an error row whose reason names
 * the byte offset in the file and whose exact bytes are kept; every other row passes through byte for byte.
 */
class EncodingPolicyTest {

    private static final String HEADER =
            "uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,Region,Ship Date\n";
    private static final String A = "5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3a";
    private static final String B = "0c7e9a41-2f3b-4d5c-8e6f-7a8b9c0d1e2f";
    private static final String C = "7d2c4e6a-8b0f-4a1c-9e3d-5f7b9d1a3c5e";

    private final List<byte[]> chunks = new ArrayList<>();

    private ChunkProcessor.Result run(byte[] file, ByteArrayOutputStream out) {
        new Splitter(CsvDialect.COMMA, 1000)
                .split(new ByteArrayInputStream(file), (part, csv, rows) -> chunks.add(csv));
        Map<String, ReferenceRecord> reference = new HashMap<>();
        for (String uuid : List.of(A, B, C)) {
            reference.put(uuid, new ReferenceRecord(uuid, "1", "2.5", "1.5", "2.5", "1.5", "1"));
        }
        return new ChunkProcessor(CsvDialect.COMMA, uuids -> reference)
                .process(new ByteArrayInputStream(chunks.getFirst()), out);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRowWithInvalidUtf8_isAnErrorRowNamingTheByteOffset_andKeepsItsExactBytes() {
        String good1 = A + ",Japan \uD83D\uDE00 \u65E5\u672C,Snacks,Online,H,1/2/2020,Asia,1/3/2020\n";
        byte[] bad = concat(
                utf8(B + ",C"),
                new byte[] {(byte) 0xF4, (byte) 0x74},
                utf8("e,Meat,Online,H,1/2/2020,Asia,1/3/2020\n"));
        String good2 = C + ",Chad,Meat,Offline,L,1/2/2020,Africa,1/2/2020\n";
        byte[] file = concat(utf8(HEADER), utf8(good1), bad, utf8(good2));
        long badOffset = utf8(HEADER).length + utf8(good1).length + utf8(B + ",C").length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result = run(file, out);

        assertThat(result.inputRows()).isEqualTo(3);
        assertThat(result.outputRows()).isEqualTo(2);
        assertThat(result.rejected()).hasSize(1);
        RejectedRow rejected = result.rejected().getFirst();
        assertThat(rejected.rowNumber()).isEqualTo(2);
        assertThat(rejected.lineNumber()).isEqualTo(3);
        assertThat(rejected.reason())
                .contains("not valid UTF-8")
                .contains("byte offset " + badOffset)
                .contains("0xF4");
        assertThat(rejected.rawBytes()).isEqualTo(java.util.Arrays.copyOf(bad, bad.length - 1));
        assertThat(rejected.rawLine()).doesNotContain("\uDCF4").contains("\uFFFD");
        // the valid rows: their input bytes, then the reference columns
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(good1.strip() + ",1,2.5,1.5,2.5,1.5,1\n" + good2.strip() + ",1,2.5,1.5,2.5,1.5,1\n");
    }

    @Test
    void aLatin1File_becomesErrorRowsForItsNonAsciiRows_andNothingIsAltered() {
        String ascii = A + ",Chad,Meat,Offline,L,1/2/2020,Africa,1/2/2020\n";
        String accented = B + ",C\u00F4te d'Ivoire,Caf\u00E9,Online,H,1/2/2020,Africa,1/3/2020\n";
        byte[] file = concat(utf8(HEADER), utf8(ascii), accented.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ChunkProcessor.Result result = run(file, out);

        assertThat(result.outputRows()).isEqualTo(1);
        assertThat(result.rejected()).singleElement().satisfies(row -> {
            assertThat(row.reason())
                    .contains("byte offset " + (utf8(HEADER).length + utf8(ascii).length + (B + ",C").length()));
            assertThat(new String(row.rawBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(accented.strip());
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(ascii.strip() + ",");
    }

    @Test
    void aHeaderThatIsNotUtf8_failsTheRunUpFront_namingTheLineAndOffset() {
        byte[] file = concat("uuid,Pa\u00EDs,Item Type\n".getBytes(StandardCharsets.ISO_8859_1), utf8(A + ",x,y\n"));

        assertThatThrownBy(() -> run(file, new ByteArrayOutputStream()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("header row (line 1) is not valid UTF-8")
                .hasMessageContaining("byte offset 7");
    }

    @Test
    void anInvalidSequenceCutByTheEndOfTheFile_isReportedToo() {
        byte[] file = concat(utf8(HEADER), utf8(A + ",Chad,Meat,Offline,L,1/2/2020,Africa,1/2/2020,"), new byte[] {
            (byte) 0xE2, (byte) 0x82
        });
        ChunkProcessor.Result result = run(file, new ByteArrayOutputStream());

        assertThat(result.rejected())
                .singleElement()
                .satisfies(row -> assertThat(row.reason()).contains("byte offset " + (file.length - 2)));
    }
}
