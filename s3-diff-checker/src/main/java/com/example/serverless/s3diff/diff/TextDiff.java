package com.example.serverless.s3diff.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.Patch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Line diff with java-diff-utils: Myers' algorithm in its linear-space form (memory grows with the input, not with
 * the square of the number of changes), a unified diff with three lines of context, and added/removed counts.
 *
 * <p>Myers' running time grows with size times the number of differences, so two large, completely different files
 * could run for minutes. The comparison callback checks a time budget and gives up with
 * {@link DiffTooComplexException}, which the checker reports instead of timing out the invocation.
 */
public final class TextDiff {

    public static final int CONTEXT_LINES = 3;
    /** How many line comparisons run between two clock reads (reading the clock on every one costs ~10%). */
    private static final int COMPARISONS_PER_CLOCK_CHECK = 4096;

    private TextDiff() {}

    public static TextDiffResult compare(
            List<String> oldLines, List<String> newLines, String oldLabel, String newLabel, Duration budget) {
        Patch<String> patch = mergeTouchingDeltas(
                DiffUtils.diff(oldLines, newLines, new MyersDiffWithLinearSpace<>(new BudgetedEquals(budget)), null));
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            removed += delta.getSource().size();
            added += delta.getTarget().size();
        }
        List<String> unified = patch.getDeltas().isEmpty()
                ? List.of()
                : UnifiedDiffUtils.generateUnifiedDiff(oldLabel, newLabel, oldLines, patch, CONTEXT_LINES);
        return new TextDiffResult(added, removed, String.join("\n", unified));
    }

    /**
     * The linear-space algorithm reports a replaced line as an INSERT next to a DELETE, which renders as {@code +new}
     * before {@code -old}. Joining deltas that touch in both files into one CHANGE gives the conventional
     * {@code -old} then {@code +new} (and the same counts); java-diff-utils has no option for this.
     */
    static Patch<String> mergeTouchingDeltas(Patch<String> patch) {
        List<AbstractDelta<String>> deltas = patch.getDeltas();
        Patch<String> merged = new Patch<>(deltas.size());
        AbstractDelta<String> pending = null;
        for (AbstractDelta<String> delta : deltas) {
            if (pending != null && touches(pending, delta)) {
                pending = new ChangeDelta<>(
                        joined(pending.getSource(), delta.getSource()), joined(pending.getTarget(), delta.getTarget()));
            } else {
                if (pending != null) {
                    merged.addDelta(pending);
                }
                pending = delta;
            }
        }
        if (pending != null) {
            merged.addDelta(pending);
        }
        return merged;
    }

    private static boolean touches(AbstractDelta<String> first, AbstractDelta<String> second) {
        return first.getSource().getPosition() + first.getSource().size()
                        == second.getSource().getPosition()
                && first.getTarget().getPosition() + first.getTarget().size()
                        == second.getTarget().getPosition();
    }

    private static Chunk<String> joined(Chunk<String> first, Chunk<String> second) {
        List<String> lines = new ArrayList<>(first.size() + second.size());
        lines.addAll(first.getLines());
        lines.addAll(second.getLines());
        return new Chunk<>(first.getPosition(), lines);
    }

    /** String equality that aborts the diff once the time budget is spent. */
    private static final class BudgetedEquals implements BiPredicate<String, String> {
        private final long deadline;
        private final Duration budget;
        private int untilClockCheck = COMPARISONS_PER_CLOCK_CHECK;

        BudgetedEquals(Duration budget) {
            this.budget = budget;
            this.deadline = System.nanoTime() + budget.toNanos();
        }

        @Override
        public boolean test(String a, String b) {
            if (--untilClockCheck == 0) {
                untilClockCheck = COMPARISONS_PER_CLOCK_CHECK;
                if (System.nanoTime() - deadline > 0) {
                    throw new DiffTooComplexException(budget);
                }
            }
            return a.equals(b);
        }
    }
}
