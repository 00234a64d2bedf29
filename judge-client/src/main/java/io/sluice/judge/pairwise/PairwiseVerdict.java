package io.sluice.judge.pairwise;

import io.sluice.judge.ContentFlag;
import io.sluice.judge.JudgeFailure;
import io.sluice.judge.JudgeTokens;
import io.sluice.judge.fingerprint.JudgeFingerprint;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of comparing two answers in both orders.
 *
 * @param fingerprint       the pairwise judge that compared them
 * @param preference        the answer preferred in both orders, or {@code TIE} when the orders
 *                          disagree or both say tie; null when it failed
 * @param firstShownFirst   the verdict (by answer) with the first answer shown as A; null when
 *                          that call failed or was not made
 * @param secondShownFirst  the verdict (by answer) with the second answer shown as A; null when
 *                          that call failed or was not made
 * @param failure           why there is no verdict; null when there is one
 * @param firstFlags        what was noticed about the first answer
 * @param secondFlags       what was noticed about the second answer
 * @param tokens            tokens both calls spent
 * @param latency           time both calls took
 */
public record PairwiseVerdict(
        JudgeFingerprint fingerprint,
        Preference preference,
        Preference firstShownFirst,
        Preference secondShownFirst,
        JudgeFailure failure,
        List<ContentFlag> firstFlags,
        List<ContentFlag> secondFlags,
        JudgeTokens tokens,
        Duration latency) {

    public PairwiseVerdict {
        firstFlags = List.copyOf(firstFlags);
        secondFlags = List.copyOf(secondFlags);
        if ((failure == null) == (preference == null)) {
            throw new IllegalArgumentException("a verdict has either a preference or a failure");
        }
    }

    public boolean decided() {
        return failure == null;
    }

    /** Whether both orders named the same answer (or both said tie). */
    public boolean positionConsistent() {
        return decided() && firstShownFirst == secondShownFirst;
    }
}
