package com.example.serverless.common.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The suite's one retry loop for work the SDK's own retry strategy cannot see: a batch call that succeeds but
 * leaves part of its items unprocessed (DynamoDB {@code UnprocessedItems}/{@code UnprocessedKeys}), or a request
 * sent without an SDK client. A bounded number of attempts, and between them the SDK's full-jitter exponential
 * delay ({@link BackoffStrategy#exponentialDelay}: a random delay in {@code [0, min(max, base * 2^(n-2)))} before
 * attempt {@code n}), the same strategy the SDK clients use for their own retries. Jitter matters here: the chunks
 * of a run are throttled together, and without it they would all come back at the same moment.
 *
 * <p>Sleeping is a {@link Sleeper}, so tests record the delays instead of waiting them out.
 */
public final class Backoff {

    /** Waits out one delay; {@link #THREAD_SLEEP} in production, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    /** What to throw when the last attempt still left work: given what is left and how many attempts ran. */
    @FunctionalInterface
    public interface Exhausted<T, X extends RuntimeException> {
        X exception(T leftover, int attempts);
    }

    public static final Sleeper THREAD_SLEEP = Thread::sleep;

    private final int maxAttempts;
    private final BackoffStrategy strategy;
    private final Sleeper sleeper;

    public Backoff(int maxAttempts, BackoffStrategy strategy, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** At most {@code maxAttempts} attempts, full-jitter exponential delays from {@code base} up to {@code max}. */
    public static Backoff fullJitter(int maxAttempts, Duration base, Duration max) {
        return new Backoff(maxAttempts, BackoffStrategy.exponentialDelay(base, max), THREAD_SLEEP);
    }

    /** The same policy, sleeping through {@code other} (tests). */
    public Backoff withSleeper(Sleeper other) {
        return new Backoff(maxAttempts, strategy, other);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Calls {@code attempt} with what is still pending until {@code done} says nothing is: {@code attempt} sends
     * the pending work and returns what the service left of it. Between attempts it sleeps the jittered delay.
     *
     * @throws X from {@code exhausted} when the last allowed attempt still left work; nothing is dropped: the
     *     exception gets the leftover, and the caller says in it what becomes of it
     */
    public <T, X extends RuntimeException> void untilDone(
            T pending, UnaryOperator<T> attempt, Predicate<T> done, Exhausted<T, X> exhausted) {
        T left = pending;
        for (int n = 1; ; n++) {
            left = attempt.apply(left);
            if (done.test(left)) {
                return;
            }
            if (!pauseBefore(n + 1, null)) {
                throw exhausted.exception(left, n);
            }
        }
    }

    /**
     * Sleeps the delay due before attempt {@code next} (2 for the first retry) and returns true, or returns false
     * at once when that attempt is beyond {@code maxAttempts} or the delay would end after {@code deadline}
     * (null: no deadline). For loops that decide per response whether to retry.
     *
     * @throws RetryInterruptedException when the thread is interrupted while sleeping (the flag stays set)
     */
    public boolean pauseBefore(int next, Instant deadline) {
        if (next < 2) {
            throw new IllegalArgumentException("the first retry is attempt 2, was " + next);
        }
        if (next > maxAttempts) {
            return false;
        }
        Duration delay = strategy.computeDelay(next);
        if (deadline != null && Instant.now().plus(delay).isAfter(deadline)) {
            return false;
        }
        try {
            sleeper.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryInterruptedException(next, e);
        }
    }

    @Override
    public String toString() {
        return "Backoff[maxAttempts=" + maxAttempts + ", " + strategy + "]";
    }

    /** Interrupted while waiting for the next attempt: the work is not done, and the caller must not go on. */
    public static final class RetryInterruptedException extends IllegalStateException {
        RetryInterruptedException(int next, InterruptedException cause) {
            super("interrupted while waiting to send attempt " + next, cause);
        }
    }
}
