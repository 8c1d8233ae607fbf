package com.example.serverless.forecast.config;

import com.example.serverless.common.config.Env;

/**
 * The consolidator's configuration, read once at init through common's {@link Env} from the variables
 * {@code template.yaml} sets; a missing or out-of-range one fails init with its name.
 *
 * @param resultsBucket       the bucket Forecast exports to and the tables are written to ({@code RESULTS_BUCKET})
 * @param outputPartSizeBytes multipart part size of each table ({@code OUTPUT_PART_SIZE_MB}, 5..512, default 16)
 */
public record ConsolidateConfig(String resultsBucket, int outputPartSizeBytes) {

    public static ConsolidateConfig from(Env env) {
        return new ConsolidateConfig(
                env.required("RESULTS_BUCKET"), env.intValue("OUTPUT_PART_SIZE_MB", 16, 5, 512) * 1024 * 1024);
    }
}
