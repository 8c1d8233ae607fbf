package com.example.serverless.forecast.consolidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolidateRequestTest {

    private static ConsolidateRequest.ExportLocation export(String name, String prefix) {
        return new ConsolidateRequest.ExportLocation(name, prefix);
    }

    @Test
    void acceptsDisjointFolders() {
        ConsolidateRequest request =
                new ConsolidateRequest(List.of(export("forecast", "results/r/forecast/")), "results/r/tables/");

        assertThat(request.validated()).isSameAs(request);
    }

    @Test
    void refusesAnOutputFolderInsideAnExport_whichWouldBeReadBackAsParts() {
        ConsolidateRequest request =
                new ConsolidateRequest(List.of(export("forecast", "results/r/")), "results/r/tables/");

        assertThatThrownBy(request::validated)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlaps export prefix results/r/");
    }

    @Test
    void refusesMissingExportsBadNamesAndPrefixesThatAreNotFolders() {
        assertThatThrownBy(() -> new ConsolidateRequest(List.of(), "out/").validated())
                .hasMessageContaining("at least one export");
        assertThatThrownBy(() -> new ConsolidateRequest(List.of(export("a/b", "in/")), "out/").validated())
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> new ConsolidateRequest(List.of(export("f", "in")), "out/").validated())
                .hasMessageContaining("must be a folder key");
        assertThatThrownBy(() -> new ConsolidateRequest(List.of(export("f", "in/")), null).validated())
                .hasMessageContaining("outputPrefix must be a folder key");
    }
}
