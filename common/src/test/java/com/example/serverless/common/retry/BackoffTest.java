package com.example.serverless.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final List<Duration> slept = new ArrayList<>();
    private final Backoff backoff = Backoff.fullJitter(5, Duration.ofMillis(100), Duration.ofMillis(300))
            .withSleeper(slept::add);

    @Test
    void untilDone_retriesWhatIsLeftUntilNothingIs_sleepingBetweenAttempts() {
        List<Integer> sent = new ArrayList<>();

        // each attempt processes one item and leaves the rest, as a throttled batch call does
        backoff.untilDone(
                List.of(1, 2, 3),
                left -> {
                    sent.add(left.size());
                    return left.subList(1, left.size());
                },
                List::isEmpty,
                (left, attempts) -> new IllegalStateException("unexpected"));

        assertThat(sent).containsExactly(3, 2, 1);
        assertThat(slept).hasSize(2);
    }

    @Test
    void untilDone_afterTheLastAttempt_throwsTheCallersExceptionWithWhatIsLeft() {
        assertThatThrownBy(() -> backoff.untilDone(
                        List.of("a", "b"),
                        left -> left,
                        List::isEmpty,
                        (left, attempts) -> new IllegalStateException(left + " left after " + attempts)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("[a, b] left after 5");
        assertThat(slept).hasSize(4);
    }

    @Test
    void delays_areFullJitter_belowTheDoublingCeiling_cappedAtTheMaximum() {
        // ceilings before attempts 2..5: 100, 200, 300 (capped), 300 ms
        long[] ceilings = {100, 200, 300, 300};
        for (int round = 0; round < 200; round++) {
            slept.clear();
            for (int next = 2; next <= 5; next++) {
                assertThat(backoff.pauseBefore(next, null)).isTrue();
            }
            for (int i = 0; i < ceilings.length; i++) {
                assertThat(slept.get(i).toMillis()).isBetween(0L, ceilings[i] - 1);
            }
        }
    }

    @Test
    void delays_areSpreadOut_notTheSameEveryTime() {
        for (int i = 0; i < 50; i++) {
            backoff.pauseBefore(4, null);
        }

        assertThat(slept.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void pauseBefore_refusesAnAttemptBeyondTheLimitOrPastTheDeadline_withoutSleeping() {
        assertThat(backoff.pauseBefore(6, null)).isFalse();
        assertThat(backoff.pauseBefore(5, Instant.now().minusSeconds(1))).isFalse();
        assertThat(slept).isEmpty();
        assertThatThrownBy(() -> backoff.pauseBefore(1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interruptedSleep_stopsTheLoop_andKeepsTheInterruptFlag() {
        Backoff interrupted = backoff.withSleeper(delay -> {
            throw new InterruptedException("stop");
        });
        try {
            assertThatThrownBy(() -> interrupted.pauseBefore(2, null))
                    .isInstanceOf(Backoff.RetryInterruptedException.class)
                    .hasMessageContaining("attempt 2");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aLimitBelowOneAttempt_isRefused() {
        assertThatThrownBy(() -> Backoff.fullJitter(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("at least 1");
    }
}
