package com.example.serverless.forecast.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.testsupport.ProjectPaths;
import com.example.serverless.testsupport.sfn.AslErrorNames;
import org.junit.jupiter.api.Test;

/**
 * Every ErrorEquals name of the forecast workflow can occur: {@code Forecast.*} names are errors of the Forecast
 * API, {@code Lambda.*} names errors of the consolidator's invoke, Java names classes of this module's classpath.
 */
class ErrorNamesTest {

    @Test
    void everyRetryAndCatchName_canReallyOccur() {
        assertThat(AslErrorNames.problems(ProjectPaths.root().resolve("statemachines/forecast.asl.json")))
                .isEmpty();
    }
}
