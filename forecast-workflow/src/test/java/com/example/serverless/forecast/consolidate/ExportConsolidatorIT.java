package com.example.serverless.forecast.consolidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The consolidator against a local S3 over HTTP, with export folders laid out as Forecast writes them: several
 * {@code <job>_<timestamp>_part<N>.csv} files (more than ten, so key order and part order differ), a header in
 * each, quantile columns, quoted fields with commas and line breaks, an empty part and a non-CSV file beside them.
 */
@LocalAwsTest
class ExportConsolidatorIT {

    private static final String FORECAST_HEADER = "item_id,date,p10,p50,p90";
    private static final String STAMP = "_2026-03-01T10-00-00Z_part";

    private S3Client s3;
    private String bucket;

    @BeforeEach
    void bucket(LocalAws aws) {
        s3 = aws.configure(S3Client.builder()).forcePathStyle(true).build();
        bucket = LocalAws.uniqueName("forecast-results");
        s3.createBucket(b -> b.bucket(bucket));
    }

    @Test
    void twelveForecastParts_becomeOneTableWithOneHeaderAndEveryRowInPartOrder() {
        // GIVEN 12 parts of 0..7 rows each (part 5 is a zero-byte file), a quoted item and a marker file
        List<List<String>> expectedRows = new ArrayList<>();
        for (int part = 0; part < 12; part++) {
            StringBuilder csv = new StringBuilder(FORECAST_HEADER).append('\n');
            int rows = part == 5 ? 0 : part % 8;
            for (int row = 0; row < rows; row++) {
                String item = row == 0 && part == 3 ? "client_9, \"north\"\nwing" : "client_" + part;
                List<String> fields =
                        List.of(item, String.format(Locale.ROOT, "2026-03-02T%02d:00:00Z", row), "1.25", "2.5", "3.75");
                expectedRows.add(fields);
                csv.append(row == 0 && part == 3 ? "\"client_9, \"\"north\"\"\nwing\"" : item)
                        .append(',')
                        .append(fields.get(1))
                        .append(",1.25,2.5,3.75\n");
            }
            put("results/run1/forecast/run1" + STAMP + part + ".csv", part == 5 ? "" : csv.toString());
        }
        put("results/run1/forecast/_CHECK", "marker");

        List<ConsolidatedTable> tables = consolidator()
                .consolidate(new ConsolidateRequest(
                        List.of(new ConsolidateRequest.ExportLocation("forecast", "results/run1/forecast/")),
                        "results/run1/tables/"));

        assertThat(tables).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("forecast");
            assertThat(table.key()).isEqualTo("results/run1/tables/forecast.csv");
            assertThat(table.parts()).isEqualTo(12);
            assertThat(table.rows()).isEqualTo(expectedRows.size());
            assertThat(table.header()).containsExactly("item_id", "date", "p10", "p50", "p90");
        });
        List<List<String>> records = read("results/run1/tables/forecast.csv");
        assertThat(records.getFirst()).containsExactly("item_id", "date", "p10", "p50", "p90");
        assertThat(records.subList(1, records.size())).containsExactlyElementsOf(expectedRows);
    }

    @Test
    void backtestExport_givesOneTablePerFolder() {
        String accuracyHeader = "item_id,backtest_window,wQL[0.1],wQL[0.5],wQL[0.9],RMSE,WAPE";
        put(
                "results/r/backtest/accuracy-metrics-values/Accuracy_r" + STAMP + "0.csv",
                accuracyHeader + "\nclient_1,Computed over 1 backtest window,0.07,0.10,0.06,1.23,0.10\n");
        put(
                "results/r/backtest/accuracy-metrics-values/Accuracy_r" + STAMP + "1.csv",
                accuracyHeader + "\nSummary,Computed over 1 backtest window,0.07,0.10,0.06,1.20,0.10\n");
        String valuesHeader = "item_id,timestamp,target_value,p10,p50,p90";
        for (int part = 0; part < 3; part++) {
            put(
                    "results/r/backtest/forecasted-values/Forecasts_r" + STAMP + part + ".csv",
                    valuesHeader + "\nclient_1,2026-02-28T0" + part + ":00:00Z,4.5,4.1,5.2,6.3\n"
                            + "client_2,2026-02-28T0" + part + ":00:00Z,7.5,6.1,7.2,8.3\n");
        }

        List<ConsolidatedTable> tables = consolidator()
                .consolidate(new ConsolidateRequest(
                        List.of(new ConsolidateRequest.ExportLocation("backtest", "results/r/backtest/")),
                        "results/r/tables/"));

        assertThat(tables)
                .extracting(ConsolidatedTable::table, ConsolidatedTable::parts, ConsolidatedTable::rows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("backtest-accuracy-metrics-values", 2, 2L),
                        org.assertj.core.groups.Tuple.tuple("backtest-forecasted-values", 3, 6L));
        assertThat(read("results/r/tables/backtest-forecasted-values.csv"))
                .hasSize(7)
                .filteredOn(record -> record.getFirst().equals("item_id"))
                .hasSize(1);
    }

    @Test
    void aPartWithADifferentHeader_failsNamingThePart_andWritesNoTable() {
        put("results/bad/forecast/bad" + STAMP + "0.csv", FORECAST_HEADER + "\nclient_1,2026-03-02T00:00:00Z,1,2,3\n");
        put("results/bad/forecast/bad" + STAMP + "1.csv", "item_id,date,p50\nclient_1,2026-03-02T01:00:00Z,2\n");

        assertThatThrownBy(() -> consolidator()
                        .consolidate(new ConsolidateRequest(
                                List.of(new ConsolidateRequest.ExportLocation("forecast", "results/bad/forecast/")),
                                "results/bad/tables/")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("results/bad/forecast/bad" + STAMP + "1.csv")
                .hasMessageContaining("[item_id, date, p50]");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("results/bad/tables/forecast.csv")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void anExportWithNoCsvParts_failsWithTheLocation() {
        put("results/none/forecast/_CHECK", "marker");

        assertThatThrownBy(() -> consolidator()
                        .consolidate(new ConsolidateRequest(
                                List.of(new ConsolidateRequest.ExportLocation("forecast", "results/none/forecast/")),
                                "results/none/tables/")))
                .hasMessageContaining("has no CSV files under s3://" + bucket + "/results/none/forecast/");
    }

    @Test
    void moreThanOnePageOfParts_areAllRead() {
        // GIVEN 23 one-row parts, listed 5 keys per page (S3 pages at 1000 keys; small pages show the same thing)
        for (int part = 0; part < 23; part++) {
            put(
                    "results/many/forecast/many" + STAMP + part + ".csv",
                    FORECAST_HEADER + "\nclient_" + part + ",2026-03-02T00:00:00Z,1,2,3\n");
        }

        List<ConsolidatedTable> tables = new ExportConsolidator(s3, bucket, 5 * 1024 * 1024, 5)
                .consolidate(new ConsolidateRequest(
                        List.of(new ConsolidateRequest.ExportLocation("forecast", "results/many/forecast/")),
                        "results/many/tables/"));

        assertThat(tables).singleElement().satisfies(table -> {
            assertThat(table.parts()).isEqualTo(23);
            assertThat(table.rows()).isEqualTo(23);
        });
        List<List<String>> records = read("results/many/tables/forecast.csv");
        assertThat(records.subList(1, records.size()))
                .extracting(List::getFirst)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 23)
                        .mapToObj(i -> "client_" + i)
                        .toList());
    }

    private ExportConsolidator consolidator() {
        return new ExportConsolidator(s3, bucket, 5 * 1024 * 1024);
    }

    private void put(String key, String body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    private List<List<String>> read(String key) {
        String csv = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            return reader.stream().map(CsvRecord::getFields).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
