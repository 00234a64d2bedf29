package io.sluice.flink.calibration;

import io.sluice.core.calibration.CalibrationCurve;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.JudgeScore;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stamps each judge score with the calibration in force for its judge: the calibrated score (the
 * raw score through the calibration's curve) and the calibration's version. A score whose
 * fingerprint has no calibration yet, and a failed score, leave both absent: an uncalibrated score
 * is published as such, never with a guessed calibration.
 *
 * <p>Calibrations come from the compacted {@code calibration} topic as broadcast state, keyed by
 * fingerprint. The newest version wins: an older version arriving late (a replay of the topic)
 * never replaces a newer one, and a repeated version replaces itself, as compaction would. A
 * tombstone withdraws the fingerprint's calibration.
 *
 * <p>The topic and the scores are separate inputs and are not ordered: a score completed just after
 * a calibration was published may still get the previous version. At a fresh start the scores of
 * a backlog may pass before the topic has been read, and go out uncalibrated.
 */
public final class CalibrationStamp extends BroadcastProcessFunction<JudgeScore, CalibrationChange, JudgeScore> {
    private static final long serialVersionUID = 1L;

    /** Fingerprint to its newest calibration. */
    public static final MapStateDescriptor<String, Calibration> STATE =
            new MapStateDescriptor<>("judge-calibrations", Types.STRING, TypeInformation.of(Calibration.class));

    private transient Map<String, Curve> curves;
    private transient Counter calibrated;
    private transient Counter uncalibrated;

    /** A calibration's curve, built once per version rather than once per score. */
    private record Curve(long version, CalibrationCurve curve) {}

    @Override
    public void open(OpenContext openContext) {
        curves = new HashMap<>();
        calibrated = getRuntimeContext().getMetricGroup().counter("calibratedScores");
        uncalibrated = getRuntimeContext().getMetricGroup().counter("uncalibratedScores");
    }

    @Override
    public void processBroadcastElement(CalibrationChange change, Context ctx, Collector<JudgeScore> out)
            throws Exception {
        BroadcastState<String, Calibration> state = ctx.getBroadcastState(STATE);
        if (change.isRemoval()) {
            state.remove(change.fingerprint());
            return;
        }
        Calibration held = state.get(change.fingerprint());
        if (held == null || change.calibration().version() >= held.version()) {
            state.put(change.fingerprint(), change.calibration());
        }
    }

    @Override
    public void processElement(JudgeScore score, ReadOnlyContext ctx, Collector<JudgeScore> out) throws Exception {
        if (score.failed()) {
            out.collect(score);
            return;
        }
        Calibration calibration = ctx.getBroadcastState(STATE).get(score.fingerprint());
        if (calibration == null) {
            uncalibrated.inc();
            out.collect(withoutCalibration(score));
            return;
        }
        Curve curve = curves.get(score.fingerprint());
        if (curve == null || curve.version() != calibration.version()) {
            curve = new Curve(calibration.version(), CalibrationCurve.of(calibration));
            curves.put(score.fingerprint(), curve);
        }
        calibrated.inc();
        out.collect(new JudgeScore(score.schemaVersion(), score.requestId(), score.experiment(), score.arm(),
                score.fingerprint(), score.axes(), score.rawScore(), curve.curve().apply(score.rawScore()),
                calibration.version(), score.flags(), score.failure(), score.latencyMs(), score.judgedAt()));
    }

    private static JudgeScore withoutCalibration(JudgeScore score) {
        if (score.calibrationVersion() == null) {
            return score;
        }
        return new JudgeScore(score.schemaVersion(), score.requestId(), score.experiment(), score.arm(),
                score.fingerprint(), score.axes(), score.rawScore(), null, null, score.flags(), score.failure(),
                score.latencyMs(), score.judgedAt());
    }
}
