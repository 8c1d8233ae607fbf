package com.example.serverless.common.deadline;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When long work must stop so the handler can still report and flush metrics before Lambda kills it. Built by the
 * handler from {@code Context.getRemainingTimeInMillis()} minus a safety margin; domain code only sees this class
 * (no Lambda types) and calls {@link #check(String)} at loop boundaries: between rows, parts, objects, diff steps.
 *
 * <p>The margin has to cover what runs between two checks plus the reporting itself, so it grows with the
 * function's timeout: a tenth of the time left, at least {@link #MIN_MARGIN} and at most {@link #MAX_MARGIN}.
 */
public final class Deadline {

    public static final Duration MIN_MARGIN = Duration.ofSeconds(1);
    public static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    /** No deadline: for callers (tests, tools) that have no function timeout. */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0, System::nanoTime);

    private final long stopAtNanos;
    private final long marginMillis;
    private final LongSupplier clock;

    private Deadline(long stopAtNanos, long marginMillis, LongSupplier clock) {
        this.stopAtNanos = stopAtNanos;
        this.marginMillis = marginMillis;
        this.clock = clock;
    }

    /** The default margin for an invocation with {@code remainingMillis} left: a tenth, clamped to 1 s..30 s. */
    public static Duration defaultMargin(long remainingMillis) {
        long tenth = Math.max(0, remainingMillis) / 10;
        return Duration.ofMillis(Math.clamp(tenth, MIN_MARGIN.toMillis(), MAX_MARGIN.toMillis()));
    }

    /** A deadline {@code remainingMillis} from now minus the default margin. */
    public static Deadline fromRemaining(long remainingMillis) {
        return fromRemaining(remainingMillis, defaultMargin(remainingMillis));
    }

    public static Deadline fromRemaining(long remainingMillis, Duration margin) {
        return fromRemaining(remainingMillis, margin, System::nanoTime);
    }

    static Deadline fromRemaining(long remainingMillis, Duration margin, LongSupplier clock) {
        long usable = Math.max(0, remainingMillis - margin.toMillis());
        return new Deadline(clock.getAsLong() + Duration.ofMillis(usable).toNanos(), margin.toMillis(), clock);
    }

    /** Milliseconds of work left before the deadline (negative once it has passed). */
    public long remainingMillis() {
        if (stopAtNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Duration.ofNanos(stopAtNanos - clock.getAsLong()).toMillis();
    }

    public boolean passed() {
        return stopAtNanos != Long.MAX_VALUE && clock.getAsLong() - stopAtNanos >= 0;
    }

    /**
     * Throws when the deadline has passed.
     *
     * @param stage what is about to start, for the error message (never an id or a key)
     */
    public void check(String stage) {
        if (passed()) {
            throw new DeadlineExceededException(stage, remainingMillis() + marginMillis, marginMillis);
        }
    }

    public long marginMillis() {
        return marginMillis;
    }
}
