package io.sluice.flink.agreement;

import io.sluice.core.monitor.LabelledPair;
import java.time.Instant;

/**
 * One answer that a judge scored and a human labelled: what the label join produces, keyed next by
 * the judge's fingerprint. A request labelled by three annotators gives three of them per judge.
 *
 * @param requestId the answer's request
 * @param experiment its experiment; alerts about the judge are raised on it
 * @param fingerprint the judge that scored it
 * @param rawScore the judge's raw score, on the rubric's scale
 * @param annotator who labelled it
 * @param label the human label, meant to be a level of the same scale
 * @param eventTime when the pair was complete: the later of the verdict and the label
 */
public record LabelledScore(
        String requestId, String experiment, String fingerprint, double rawScore, String annotator, int label,
        Instant eventTime) {

    /** The pair as the judge monitor takes it. */
    public LabelledPair pair() {
        return new LabelledPair(experiment, rawScore, label, eventTime);
    }
}
