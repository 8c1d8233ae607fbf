package com.example.serverless.batch.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.testsupport.ProjectPaths;
import com.example.serverless.testsupport.sfn.AslErrorNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every ErrorEquals name of the batch workflows can occur: Java names load from this module's classpath (the
 * functions' own) as Throwables, the rest are Step Functions' or Lambda's documented names ({@link AslErrorNames}).
 */
class ErrorNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"batch-main.asl.json", "batch-chunk.asl.json"})
    void everyRetryAndCatchName_canReallyOccur(String file) {
        assertThat(AslErrorNames.problems(
                        ProjectPaths.root().resolve("statemachines").resolve(file)))
                .isEmpty();
    }
}
