package io.sluice.flink.guardrails;

import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertEvidence;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.stats.SequentialMultinomialTest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sample ratio mismatch: do units arrive on each arm with the probabilities the router logged for
 * them? Keyed by experiment, fed the first exposure of each unit in the experiment
 * ({@link FirstExposures}).
 *
 * <p>Units are counted per policy version: within a version every unit met the same probabilities
 * (a fixed split's weights, renormalised when an arm is paused; one Thompson policy's exact
 * propensities), and each exposure logs its arm's. Each version is an independent stream with its
 * own Bayes factor ({@link SequentialMultinomialTest}, centred on the logged probabilities); their
 * product, kept as a running sum of logs, is checked after every unit at level {@link #ALPHA}. It
 * is always valid: an experiment without mismatch raises a false alarm with probability at most
 * {@link #ALPHA} however long it runs and however often the policy changes. The first crossing
 * raises {@code sample_ratio_mismatch} once, with the units per arm against the sum of the
 * probabilities their versions gave the arm, and the arm with the fewest units for its share.
 */
public final class SampleRatioFunction extends KeyedProcessFunction<String, Exposure, Alert> {
    private static final long serialVersionUID = 1L;

    /** The level of the test: the most a run without mismatch ever alarms. */
    public static final double ALPHA = 0.001;
    /** The mixture's prior sample size (see {@link SequentialMultinomialTest}). */
    public static final double CONCENTRATION = 1000;
    private static final double THRESHOLD = Math.log(1 / ALPHA);

    static final MapStateDescriptor<String, UnitCounts> BY_VERSION =
            new MapStateDescriptor<>("units-by-version", Types.STRING, TypeInformation.of(UnitCounts.class));
    static final ValueStateDescriptor<SampleRatio> TOTAL =
            new ValueStateDescriptor<>("sample-ratio", TypeInformation.of(SampleRatio.class));

    /**
     * The experiment's test so far.
     *
     * @param logBayesFactor the sum of the versions' log Bayes factors
     * @param units units per arm, over every version
     * @param expected per arm, the sum over units of the probability their version gave the arm,
     *     where the version's exposures logged it
     * @param alerted whether the mismatch was raised
     */
    public record SampleRatio(double logBayesFactor, Map<String, Long> units, Map<String, Double> expected,
            long firstMillis, long lastMillis, boolean alerted) {}

    private transient MapState<String, UnitCounts> byVersion;
    private transient ValueState<SampleRatio> total;
    private transient Counter unitsCounted;

    @Override
    public void open(OpenContext openContext) {
        byVersion = getRuntimeContext().getMapState(BY_VERSION);
        total = getRuntimeContext().getState(TOTAL);
        unitsCounted = getRuntimeContext().getMetricGroup().counter("srmUnits");
    }

    @Override
    public void processElement(Exposure unit, Context ctx, Collector<Alert> out) throws Exception {
        if (!unit.inExperiment()) {
            return;
        }
        unitsCounted.inc();
        UnitCounts before = Optional.ofNullable(byVersion.get(unit.policyVersion())).orElse(UnitCounts.NONE);
        UnitCounts after = before.plus(unit.arm(), unit.propensity(), CONCENTRATION);
        byVersion.put(unit.policyVersion(), after);
        long at = unit.decidedAt().toEpochMilli();
        SampleRatio held = total.value();
        Map<String, Long> units = new TreeMap<>(held == null ? Map.of() : held.units());
        units.merge(unit.arm(), 1L, Long::sum);
        Map<String, Double> expected = new TreeMap<>(held == null ? Map.of() : held.expected());
        // One more unit under this version adds the version's probability of every arm it has logged.
        after.propensities().forEach((arm, p) -> expected.merge(arm, p, Double::sum));
        if (!before.propensities().containsKey(unit.arm())) {
            // An arm seen under this version for the first time: its share of the version's earlier units too.
            long earlier = before.units().values().stream().mapToLong(Long::longValue).sum();
            expected.merge(unit.arm(), earlier * unit.propensity(), Double::sum);
        }
        double logBayesFactor = (held == null ? 0 : held.logBayesFactor()) + after.logBayesFactor()
                - before.logBayesFactor();
        boolean alerted = held != null && held.alerted();
        boolean crossed = !alerted && logBayesFactor >= THRESHOLD;
        SampleRatio next = new SampleRatio(logBayesFactor, units, expected,
                held == null ? at : Math.min(held.firstMillis(), at), held == null ? at : Math.max(held.lastMillis(), at),
                alerted || crossed);
        total.update(next);
        if (crossed) {
            out.collect(alert(unit.experiment(), next));
        }
    }

    private static Alert alert(String experiment, SampleRatio ratio) {
        long units = ratio.units().values().stream().mapToLong(Long::longValue).sum();
        String shortest = ratio.expected().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .min(java.util.Comparator.comparingDouble(e -> ratio.units().getOrDefault(e.getKey(), 0L) / e.getValue()))
                .map(Map.Entry::getKey).orElse(null);
        String counts = ratio.expected().keySet().stream()
                .map(arm -> String.format(Locale.ROOT, "%s %d (expected %.1f)", arm, ratio.units().getOrDefault(arm, 0L),
                        ratio.expected().get(arm)))
                .collect(Collectors.joining(", "));
        String message = String.format(Locale.ROOT, "sample ratio mismatch in %s: units per arm do not follow the "
                        + "probabilities the router logged for them (log Bayes factor %.2f over %.2f, level %s, on %d "
                        + "units): %s. Units are lost or gained on some arm between assignment and the exposure log "
                        + "(errors before logging, redirects, bots); fewest for its share: %s",
                experiment, ratio.logBayesFactor(), THRESHOLD, ALPHA, units, counts, shortest);
        return new Alert(SchemaVersion.CURRENT, experiment + "/sample_ratio_mismatch/" + ratio.firstMillis(),
                experiment, AlertKind.SAMPLE_RATIO_MISMATCH, Alert.Severity.CRITICAL, shortest, message,
                new AlertEvidence("log_bayes_factor", ratio.logBayesFactor(), THRESHOLD,
                        Instant.ofEpochMilli(ratio.firstMillis()), Instant.ofEpochMilli(ratio.lastMillis()), units),
                Instant.ofEpochMilli(ratio.lastMillis()));
    }
}
