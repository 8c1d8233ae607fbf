package com.example.serverless.batch.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.chunk.ChunkProcessor;
import com.example.serverless.batch.chunk.RejectedRow;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.enrich.ReferenceRecord;
import com.example.serverless.batch.split.Splitter;
import com.example.serverless.testsupport.ProjectPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed sample files (README "Try it") produce what the README says they produce. */
class SampleDataTest {

    private static final Path DIR = ProjectPaths.root().resolve("batch-orchestrator/sample-data");

    @Test
    void salesSample_hasSevenValidRows_andThreeErrorRowsWithTheirReasons() throws IOException {
        Map<String, ReferenceRecord> reference = new HashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("reference-sample.csv"))) {
            String[] f = line.split(",");
            if (f[0].equals("uuid")) {
                continue; // the header
            }
            reference.put(f[0], new ReferenceRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        }
        List<byte[]> chunks = new ArrayList<>();
        try (InputStream in = Files.newInputStream(DIR.resolve("sales-sample.csv"))) {
            new Splitter(CsvDialect.COMMA, 1000).split(in, (part, csv, rows) -> chunks.add(csv));
        }

        ChunkProcessor.Result result = new ChunkProcessor(CsvDialect.COMMA, uuids -> {
                    Map<String, ReferenceRecord> found = new HashMap<>(reference);
                    found.keySet().retainAll(uuids);
                    return found;
                })
                .process(new ByteArrayInputStream(chunks.getFirst()), new ByteArrayOutputStream());

        assertThat(result.inputRows()).isEqualTo(10);
        assertThat(result.outputRows()).isEqualTo(7);
        assertThat(result.rejected())
                .extracting(RejectedRow::rowNumber, RejectedRow::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(8L, "Order Priority 'X' is not one of [C, H, L, M]"),
                        org.assertj.core.groups.Tuple.tuple(9L, "Ship Date 2015-07-10 is before Order Date 2015-07-14"),
                        org.assertj.core.groups.Tuple.tuple(
                                10L, "no reference data for uuid d4f6a8c0-2e4b-4c9d-8f1a-3b5d7f9a1c10"));
    }
}
