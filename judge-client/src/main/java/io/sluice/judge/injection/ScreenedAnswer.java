package io.sluice.judge.injection;

import java.util.List;

/**
 * An answer after screening for passages that address the judge.
 *
 * @param original the answer as written
 * @param text     the answer to grade: the original without the passages that address the judge
 * @param removed  those passages, in order, for the record
 */
public record ScreenedAnswer(String original, String text, List<String> removed) {
    public ScreenedAnswer {
        removed = List.copyOf(removed);
    }

    public boolean addressesJudge() {
        return !removed.isEmpty();
    }
}
