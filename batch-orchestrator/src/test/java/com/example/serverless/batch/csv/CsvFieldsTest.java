package com.example.serverless.batch.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chunk step reads records as character ranges and writes them back itself ({@link CsvDialect#fieldsReader},
 * {@link CsvDialect#appendLine}) instead of through FastCSV's String records and writer: these tests hold both to
 * FastCSV's own results on random text full of the characters CSV treats specially.
 */
class CsvFieldsTest {

    /** Characters CSV treats specially, in every position, plus plain, non-ASCII and surrogate-pair text. */
    private static final String[] PIECES = {
        ",", ";", "\t", "0", "\"", "\n", "\r", "\r\n", "#", " ", "a", "Z", "é", "\uD83D\uDE00", "x y", "12\" Pizza", ""
    };

    private static List<List<String>> randomRecords(long seed, int count) {
        Random random = new Random(seed);
        List<List<String>> records = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int fields = 1 + random.nextInt(6);
            List<String> record = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                StringBuilder value = new StringBuilder();
                int pieces = random.nextInt(4);
                for (int p = 0; p < pieces; p++) {
                    value.append(PIECES[random.nextInt(PIECES.length)]);
                }
                record.add(value.toString());
            }
            // a record that is one empty field is an empty line, which every reader here skips
            if (!(record.size() == 1 && record.get(0).isEmpty())) {
                records.add(record);
            }
        }
        return records;
    }

    private static byte[] document(CsvDialect dialect, List<List<String>> records) {
        StringBuilder text = new StringBuilder();
        for (List<String> record : records) {
            text.append(dialect.line(record)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '0', ' ', '#'})
    void fieldsReader_readsTheSameValuesAsFastCsvsArrayReader(char delimiter) throws IOException {
        CsvDialect dialect = new CsvDialect(delimiter);
        byte[] csv = document(dialect, randomRecords(delimiter, 2_000));
        List<List<String>> expected = new ArrayList<>();
        try (CsvReader<String[]> reader = dialect.arrayReader(new ByteArrayInputStream(csv))) {
            reader.forEach(record -> expected.add(Arrays.asList(record)));
        }
        List<List<String>> actual = new ArrayList<>();
        try (CsvReader<CsvFields> reader = dialect.fieldsReader(new ByteArrayInputStream(csv))) {
            reader.forEach(record -> actual.add(record.list(0)));
        }
        assertThat(actual).hasSize(expected.size()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '0', ' ', '#'})
    void appendLine_writesWhatFastCsvsWriterWrites(char delimiter) throws IOException {
        CsvDialect dialect = new CsvDialect(delimiter);
        List<List<String>> records = randomRecords(31L * delimiter, 2_000);
        // as read (the quoted flags the parser reports) and as built from strings (no flags known)
        try (CsvReader<CsvFields> reader = dialect.fieldsReader(new ByteArrayInputStream(document(dialect, records)))) {
            Iterator<CsvFields> read = reader.iterator();
            for (List<String> record : records) {
                CsvFields fields = read.next();
                assertThat(appended(dialect, fields, 0)).isEqualTo(dialect.line(record));
                assertThat(appended(dialect, CsvFields.of(record), 0)).isEqualTo(dialect.line(record));
                if (record.size() > 1) { // from a later field on: that field is then the line's first
                    assertThat(appended(dialect, fields, 1)).isEqualTo(dialect.line(record.subList(1, record.size())));
                }
            }
            assertThat(read.hasNext()).isFalse();
        }
    }

    private static String appended(CsvDialect dialect, CsvFields fields, int from) {
        TextBuffer out = new TextBuffer(8);
        dialect.appendLine(fields, from, out);
        return new String(out.chars(), 0, out.length());
    }

    @Test
    void appendLine_quotesAFirstFieldStartingWithTheCommentCharacter_only() {
        CsvFields fields = CsvFields.of(List.of("#1", "#2"));
        assertThat(appended(CsvDialect.COMMA, fields, 0)).isEqualTo("\"#1\",#2");
        assertThat(appended(CsvDialect.COMMA, fields, 1)).isEqualTo("\"#2\"");
    }

    @Test
    void hashAsTheDelimiter_isWrittenAndReadBack() throws IOException {
        CsvDialect hash = CsvDialect.fromParameter("#");
        // FastCSV's writer refuses a delimiter equal to its comment character, '#' unless the delimiter is '#'
        String line = hash.line(List.of("a#b", ";c", "#d"));
        assertThat(line).isEqualTo("\"a#b\"#;c#\"#d\"");
        assertThat(hash.line(List.of(";x", "y"))).isEqualTo("\";x\"#y");
        try (CsvReader<String[]> reader =
                hash.arrayReader(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.iterator().next()).containsExactly("a#b", ";c", "#d");
        }
    }

    @Test
    void aQuoteInAnUnquotedField_isQuotedOnTheWayOut() throws IOException {
        byte[] csv = "a,12\" Pizza\n".getBytes(StandardCharsets.UTF_8); // not RFC 4180, but FastCSV reads it as it is
        try (CsvReader<CsvFields> reader = CsvDialect.COMMA.fieldsReader(new ByteArrayInputStream(csv))) {
            CsvFields record = reader.iterator().next();
            assertThat(record.wasQuoted(1)).isFalse();
            assertThat(appended(CsvDialect.COMMA, record, 0))
                    .isEqualTo(CsvDialect.COMMA.line(List.of("a", "12\" Pizza")))
                    .isEqualTo("a,\"12\"\" Pizza\"");
        }
    }

    @Test
    void theRecordIsReused_andHoldsOnlyTheCurrentRowsFields() throws IOException {
        byte[] csv = "a,\"b,\"\"c\"\"\"\n\"multi\nline\",,x\n".getBytes(StandardCharsets.UTF_8);
        try (CsvReader<CsvFields> reader = CsvDialect.COMMA.fieldsReader(new ByteArrayInputStream(csv))) {
            Iterator<CsvFields> records = reader.iterator();
            CsvFields first = records.next();
            assertThat(first.size()).isEqualTo(2);
            assertThat(first.get(1)).isEqualTo("b,\"c\"");
            assertThat(first.wasQuoted(0)).isFalse();
            assertThat(first.wasQuoted(1)).isTrue();
            CsvFields second = records.next();
            assertThat(second).isSameAs(first);
            assertThat(second.list(0)).containsExactly("multi\nline", "", "x");
            assertThat(second.isEmpty(1)).isTrue();
            assertThatThrownBy(() -> second.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void parseLong_readsPlainDigits_andRefusesAnythingElse() {
        CsvFields fields = CsvFields.of(
                List.of("0", "1234567", "999999999999999999", "", "-1", "+1", "1 ", "1234567890123456789"));
        assertThat(fields.parseLong(0)).isZero();
        assertThat(fields.parseLong(1)).isEqualTo(1_234_567L);
        assertThat(fields.parseLong(2)).isEqualTo(999_999_999_999_999_999L);
        for (int i = 3; i < fields.size(); i++) {
            int field = i;
            assertThatThrownBy(() -> fields.parseLong(field)).isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void aRecordWithMoreFieldsThanFastCsvAllows_isRefused() {
        String line = ",".repeat(CsvDialect.MAX_FIELDS) + "\n"; // MAX_FIELDS + 1 fields
        assertThatThrownBy(() -> {
                    try (CsvReader<CsvFields> reader = CsvDialect.COMMA.fieldsReader(
                            new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)))) {
                        reader.forEach(record -> {});
                    }
                })
                .isInstanceOf(CsvParseException.class)
                .hasMessageContaining("maximum limit of " + CsvDialect.MAX_FIELDS + " fields");
        String widest = ",".repeat(CsvDialect.MAX_FIELDS - 1) + "\n";
        try (CsvReader<CsvFields> reader =
                CsvDialect.COMMA.fieldsReader(new ByteArrayInputStream(widest.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.iterator().next().size()).isEqualTo(CsvDialect.MAX_FIELDS);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
