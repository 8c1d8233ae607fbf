package com.example.serverless.batch.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.InvalidInputException;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private static final String HEADER =
            "uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,Region,Ship Date";
    private static final String ROW = "%s,Tuvalu,Baby Food,Offline,H,5/28/2010,Australia and Oceania,6/27/2010";

    /** Chunks as the sink received them: part -> records (header first). */
    private final TreeMap<Integer, List<List<String>>> chunks = new TreeMap<>();

    private SplitOutcome split(String csv, CsvDialect dialect, int chunkSize) {
        return split(csv, dialect, chunkSize, Splitter.DEFAULT_MAX_CHUNKS);
    }

    private SplitOutcome split(String csv, CsvDialect dialect, int chunkSize, int maxChunks) {
        return new Splitter(dialect, chunkSize, maxChunks)
                .split(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), (part, bytes, rows) -> {
                    List<List<String>> records = parse(dialect, bytes);
                    assertThat(records).hasSize(rows + 1);
                    chunks.put(part, records);
                });
    }

    private static List<List<String>> parse(CsvDialect dialect, byte[] bytes) {
        try (var reader = dialect.reader(new ByteArrayInputStream(bytes))) {
            return reader.stream().map(CsvRecord::getFields).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rows(int count, String lineEnd) {
        StringBuilder csv = new StringBuilder(HEADER).append(lineEnd);
        for (int i = 1; i <= count; i++) {
            csv.append(ROW.formatted("id-" + i)).append(lineEnd);
        }
        return csv.toString();
    }

    @Test
    void splitsIntoChunksOfChunkSizeRows_lastChunkTakesTheRest() {
        SplitOutcome outcome = split(rows(25, "\n"), CsvDialect.COMMA, 10);

        assertThat(outcome.inputRows()).isEqualTo(25);
        assertThat(outcome.chunkRows()).containsExactly(10, 10, 5);
        assertThat(chunks.keySet()).containsExactly(1, 2, 3);
        assertThat(chunks.get(3).get(1).subList(0, 5)).containsExactly("21", "22", "", "", "id-21");
    }

    @Test
    void everyChunkStartsWithTheBookkeepingColumnsThenTheInputHeader() {
        split(rows(3, "\n"), CsvDialect.COMMA, 2);

        List<String> expected = new ArrayList<>(List.of("#row", "#line", "#invalidUtf8", "#rawBytes"));
        expected.addAll(List.of(HEADER.split(",")));
        assertThat(chunks.values())
                .allSatisfy(chunk -> assertThat(chunk.getFirst()).isEqualTo(expected));
    }

    @Test
    void quotedFieldsWithDelimitersQuotesAndLineBreaks_passThroughUnchanged_andLineNumbersFollowTheFile() {
        String csv = HEADER + "\n"
                + "a,\"Congo, Republic of the\",\"12\"\" Pizza\",Online,H,1/2/2020,\"Sub-Saharan\nAfrica\",1/3/2020\n"
                + ROW.formatted("b") + "\n";

        SplitOutcome outcome = split(csv, CsvDialect.COMMA, 100);

        assertThat(outcome.inputRows()).isEqualTo(2);
        List<String> first = chunks.get(1).get(1);
        assertThat(first)
                .containsExactly(
                        "1",
                        "2",
                        "",
                        "",
                        "a",
                        "Congo, Republic of the",
                        "12\" Pizza",
                        "Online",
                        "H",
                        "1/2/2020",
                        "Sub-Saharan\nAfrica",
                        "1/3/2020");
        // the quoted line break moves the next row's line number by one
        assertThat(chunks.get(1).get(2).subList(0, 5)).containsExactly("2", "4", "", "", "b");
    }

    @Test
    void utf8Bom_crlfLineEnds_andBlankLines_areHandled_blankLinesAreNotRows() {
        String csv = "\uFEFF" + HEADER + "\r\n" + ROW.formatted("a") + "\r\n\r\n\r\n" + ROW.formatted("b") + "\r\n";

        SplitOutcome outcome = split(csv, CsvDialect.COMMA, 100);

        assertThat(outcome.header().getFirst()).isEqualTo("uuid");
        assertThat(outcome.inputRows()).isEqualTo(2);
        assertThat(chunks.get(1).get(2)).startsWith("2", "5", "", "", "b");
        assertThat(chunks.get(1).get(1).getLast()).isEqualTo("6/27/2010");
    }

    @Test
    void otherDelimiters_areReadAndWrittenInTheSameDialect() {
        CsvDialect semicolon = CsvDialect.fromParameter(";");
        String csv = HEADER.replace(',', ';') + "\n" + "a;Tuvalu;Snacks, assorted;Offline;H;5/28/2010;Asia;6/27/2010\n";

        split(csv, semicolon, 10);

        assertThat(chunks.get(1).get(1).get(6)).isEqualTo("Snacks, assorted");
        assertThat(CsvDialect.fromParameter("\\t").delimiter()).isEqualTo('\t');
    }

    @Test
    void aDigitOrHashDelimiter_getsTheRowAndLineNumbersAndFieldsQuotedWhereNeeded_soTheyReadBack() {
        for (char delimiter : new char[] {'0', '1', '#'}) {
            chunks.clear();
            CsvDialect dialect = new CsvDialect(delimiter);
            String csv = HEADER.replace(',', delimiter) + "\n";
            for (int i = 1; i <= 12; i++) {
                csv += dialect.line(List.of(
                                "#" + i + ";",
                                "Tuvalu",
                                "a" + delimiter + "b",
                                "Offline",
                                "H",
                                "5/28/2010",
                                "Asia",
                                "6/27/2010"))
                        + "\n";
            }

            split(csv, dialect, 100);

            List<List<String>> records = chunks.get(1);
            assertThat(records).hasSize(13);
            for (int i = 1; i <= 12; i++) {
                assertThat(records.get(i))
                        .as("delimiter %s, row %d", delimiter, i)
                        .startsWith(String.valueOf(i), String.valueOf(i + 1), "", "", "#" + i + ";", "Tuvalu")
                        .contains("a" + delimiter + "b");
            }
        }
    }

    @Test
    void rowsWithTooFewOrTooManyFields_arePassedOnForValidation_notFatal() {
        String csv = HEADER + "\nshort,row\n" + ROW.formatted("long") + ",extra\n";

        SplitOutcome outcome = split(csv, CsvDialect.COMMA, 10);

        assertThat(outcome.inputRows()).isEqualTo(2);
        assertThat(chunks.get(1).get(1)).hasSize(6);
        assertThat(chunks.get(1).get(2)).hasSize(13);
    }

    @Test
    void headerOnlyFile_hasNoRowsAndNoChunks() {
        SplitOutcome outcome = split(HEADER + "\r\n", CsvDialect.COMMA, 10);

        assertThat(outcome.inputRows()).isZero();
        assertThat(outcome.chunkRows()).isEmpty();
        assertThat(chunks).isEmpty();
    }

    @Test
    void emptyFile_isRejectedWithAClearReason() {
        assertThatThrownBy(() -> split("", CsvDialect.COMMA, 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the file is empty: a header row is required");
    }

    @Test
    void headerWithoutARequiredColumn_isRejectedNamingTheColumn() {
        assertThatThrownBy(() -> split(HEADER.replace(",Region", "") + "\n", CsvDialect.COMMA, 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lacks [Region]");
    }

    @Test
    void unclosedQuote_isRejectedAsInvalidCsv() {
        assertThatThrownBy(() -> split(HEADER + "\na,\"never closed,x\n", CsvDialect.COMMA, 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the file is not valid CSV");
    }

    @Test
    void exactlyMaxChunks_isAccepted() {
        SplitOutcome outcome = split(rows(4, "\n"), CsvDialect.COMMA, 2, 2);

        assertThat(outcome.chunkRows()).containsExactly(2, 2);
    }

    @Test
    void moreRowsThanMaxChunksHold_isRejectedBeforeAnyFurtherChunkIsWritten_namingTheFix() {
        assertThatThrownBy(() -> split(rows(5, "\n"), CsvDialect.COMMA, 2, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than 4 data rows")
                .hasMessageContaining("more than 2 chunks")
                .hasMessageContaining("raise the FileChunkSize parameter");
        assertThat(chunks.keySet()).containsExactly(1, 2);
    }

    private SplitOutcome splitKnownSize(String csv, int chunkSize, int maxChunks) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return new Splitter(CsvDialect.COMMA, chunkSize, maxChunks)
                .split(new ByteArrayInputStream(bytes), bytes.length, (part, chunk, rows) -> {
                    List<List<String>> records = parse(CsvDialect.COMMA, chunk);
                    assertThat(records).hasSize(rows + 1);
                    chunks.put(part, records);
                });
    }

    @Test
    void aSmallFileOfKnownSize_keepsChunksOfChunkSizeRows() {
        SplitOutcome outcome = splitKnownSize(rows(25, "\n"), 10, Splitter.DEFAULT_MAX_CHUNKS);

        assertThat(outcome.chunkRows()).containsExactly(10, 10, 5);
    }

    @Test
    void aFileOfKnownSize_neverNeedsMoreThanMaxChunks_whateverItsRowsLookLike_andLosesNoRow() {
        String emoji = "\uD83D\uDE00";
        List<String> shapes = List.of(
                ROW,
                ",,,,,,,", // the shortest possible row: eight empty fields
                "%s,\"Tu, \"\"valu\"\"\",Baby Food,Offline,H,5/28/2010,\"Australia\nand Oceania\",6/27/2010",
                "%s," + emoji.repeat(30) + ",x,Online,C,1/1/2020,y,1/2/2020");
        for (String lineEnd : List.of("\n", "\r\n")) {
            for (int rows : List.of(1, 7, 50, 333, 1000)) {
                StringBuilder csv = new StringBuilder("\uFEFF").append(HEADER).append(lineEnd);
                for (int i = 1; i <= rows; i++) {
                    csv.append(shapes.get(i % shapes.size()).replace("%s", "id-" + i));
                    if (i < rows || rows % 2 == 0) { // with and without a line end after the last row
                        csv.append(lineEnd);
                    }
                }
                chunks.clear();

                SplitOutcome outcome = splitKnownSize(csv.toString(), 3, 7);

                assertThat(outcome.chunkRows())
                        .as("%d rows, %s", rows, lineEnd.length())
                        .hasSizeLessThanOrEqualTo(7);
                assertThat(outcome.inputRows()).isEqualTo(rows);
                assertThat(outcome.chunkRows().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .isEqualTo(rows);
                long expected = 1;
                for (List<List<String>> chunk : chunks.values()) {
                    for (List<String> record : chunk.subList(1, chunk.size())) {
                        assertThat(record.get(0)).isEqualTo(Long.toString(expected++)); // #row: none lost or repeated
                    }
                }
            }
        }
    }

    @Test
    void aBigFile_isStreamedIntoAtMostMaxChunksOfBoundedSize() {
        // about 11 MB generated on the fly, never held whole: chunks grow to about size / maxChunks, not beyond
        int rows = 100_000;
        byte[] header = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] row = (ROW.formatted("5bd1a6d9-5e3c-4a4e-9c51-1b2f1f1d2e3a") + "\n").getBytes(StandardCharsets.UTF_8);
        long size = header.length + (long) rows * row.length;
        java.io.InputStream generated = new java.io.InputStream() {
            private long position;

            @Override
            public int read() {
                if (position >= size) {
                    return -1;
                }
                long at = position++;
                return (at < header.length ? header[(int) at] : row[(int) ((at - header.length) % row.length)]) & 0xFF;
            }
        };
        List<Integer> chunkBytes = new ArrayList<>();
        long[] rowsSeen = {0};

        SplitOutcome outcome = new Splitter(CsvDialect.COMMA, 1000, 20)
                .split(new java.io.BufferedInputStream(generated, 64 * 1024), size, (part, chunk, count) -> {
                    chunkBytes.add(chunk.length);
                    rowsSeen[0] += count;
                });

        assertThat(chunkBytes).hasSizeLessThanOrEqualTo(20);
        assertThat(outcome.inputRows()).isEqualTo(rows);
        assertThat(rowsSeen[0]).isEqualTo(rows);
        // each chunk: size / 20 of input plus the bookkeeping columns (~15 bytes a row), never the whole file
        assertThat(chunkBytes.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThan((int) (size / 20 * 1.3));
    }
}
