package com.example.serverless.common.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void check_passesUntilTheMarginAndThenThrowsTheDistinctError() {
        Deadline deadline = Deadline.fromRemaining(10_000, Duration.ofSeconds(2), nanos::get);

        nanos.addAndGet(Duration.ofMillis(7_999).toNanos());
        deadline.check("row");
        assertThat(deadline.remainingMillis()).isEqualTo(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThatThrownBy(() -> deadline.check("chunk row"))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("deadline exceeded: stopped at chunk row with 2000 ms left before the function timeout"
                        + " (safety margin 2000 ms)")
                .extracting(e -> ((DeadlineExceededException) e).stage())
                .isEqualTo("chunk row");
    }

    @Test
    void lessTimeThanTheMargin_isAlreadyPassed() {
        Deadline deadline = Deadline.fromRemaining(500, Duration.ofSeconds(1), nanos::get);

        assertThat(deadline.passed()).isTrue();
        assertThatThrownBy(() -> deadline.check("split")).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void defaultMargin_isATenthClampedBetweenOneAndThirtySeconds() {
        assertThat(Deadline.defaultMargin(3_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Deadline.defaultMargin(60_000)).isEqualTo(Duration.ofSeconds(6));
        assertThat(Deadline.defaultMargin(900_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void none_neverPasses() {
        Deadline.NONE.check("anything");
        assertThat(Deadline.NONE.passed()).isFalse();
        assertThat(Deadline.NONE.remainingMillis()).isEqualTo(Long.MAX_VALUE);
    }
}
