package com.example.serverless.secretsenv.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariablesReportHandlerTest {

    @Test
    void reportsNamesTheWrapperExported_andTheApiReads_neverValues() {
        Map<String, String> env = Map.of(
                "SECRETS_ENV_LOADED",
                "1",
                "SECRETS_ENV_NAMES",
                "DB_USER,DB_PASSWORD,GONE",
                "DB_USER",
                "app",
                "DB_PASSWORD",
                "hunter2");
        VariablesReportHandler handler = new VariablesReportHandler(env, () -> Set.of("DB_USER", "DB_PASSWORD"));

        Map<String, Object> report = handler.handleRequest(Map.of(), null);

        assertThat(report)
                .containsEntry("wrapperRan", true)
                .containsEntry("exported", java.util.List.of("DB_PASSWORD", "DB_USER"))
                .containsEntry("inProcess", java.util.List.of("DB_PASSWORD", "DB_USER"));
        assertThat(report.toString()).doesNotContain("hunter2").doesNotContain("app,");
    }

    @Test
    void withoutTheWrapper_reportsNothingExported() {
        VariablesReportHandler handler = new VariablesReportHandler(Map.of(), Set::of);

        assertThat(handler.handleRequest(Map.of(), null))
                .containsEntry("wrapperRan", false)
                .containsEntry("exported", java.util.List.of());
    }
}
