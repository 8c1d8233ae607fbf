package com.example.serverless.forecast.handler;

import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import com.example.serverless.forecast.consolidate.ConsolidateRequest;
import com.example.serverless.forecast.consolidate.ExportConsolidator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@link ConsolidateHandler}'s first request loads, run before the SnapStart snapshot: the request JSON and
 * one whole consolidation (listing, reading a CSV part, writing the table) against an offline S3.
 */
final class ConsolidatePriming extends Priming {

    private static final String PREFIX = "results/priming/forecast/";

    @Override
    public void prime() throws Exception {
        var json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        ConsolidateRequest request = json.readValue(
                "{\"exports\":[{\"name\":\"forecast\",\"prefix\":\"" + PREFIX + "\"}],"
                        + "\"outputPrefix\":\"results/priming/tables/\"}",
                ConsolidateRequest.class);
        String part = "item_id,date,p10,p50,p90\nclient_1,2026-01-01T00:00:00Z,1.0,2.0,3.0\n";
        try (S3Client s3 = Priming.offlineClient(
                S3Client.builder(), OfflineS3.client(PREFIX + "forecast_part0.csv", part, part))) {
            var tables = new ExportConsolidator(s3, "priming", 5 * 1024 * 1024).consolidate(request);
            json.writeValue(OutputStream.nullOutputStream(), Map.of("tables", tables));
        }
    }
}
