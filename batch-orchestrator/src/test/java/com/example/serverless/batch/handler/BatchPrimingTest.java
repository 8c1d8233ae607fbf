package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.example.serverless.common.priming.Priming;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every step's priming runs with no network and no credentials: its SDK clients answer offline. */
class BatchPrimingTest {

    static Stream<Priming> primings() {
        return Stream.of(
                new TriggerPriming(),
                new SplitPriming(),
                new ChunkPriming(),
                new MergePriming(),
                new ArchivePriming(),
                new NotifyPriming(),
                new FailurePriming());
    }

    @ParameterizedTest
    @MethodSource("primings")
    void priming_runsTheStepOffline(Priming priming) {
        assertThatCode(priming::prime).doesNotThrowAnyException();
    }
}
