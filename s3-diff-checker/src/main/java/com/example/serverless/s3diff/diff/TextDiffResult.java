package com.example.serverless.s3diff.diff;

/**
 * @param addedLines   lines present only in the new version (a changed line counts as one removed, one added)
 * @param removedLines lines present only in the old version
 * @param unifiedDiff  unified diff, 3 lines of context, empty when the texts are equal
 */
public record TextDiffResult(int addedLines, int removedLines, String unifiedDiff) {

    public boolean identical() {
        return addedLines == 0 && removedLines == 0;
    }
}
