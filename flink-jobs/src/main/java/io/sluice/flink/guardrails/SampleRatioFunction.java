package io.sluice.flink.guardrails;

import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertEvidence;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.stats.SequentialMultinomialTest;
import io.sluice.flink.experiments.JobSpec;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sample ratio mismatch of a fixed split: are units arriving on each arm in the proportions of its
 * weights? Keyed by experiment, fed the first exposure of each unit ({@link FirstExposures}).
 *
 * <p>Units are counted per policy version, since controls change the split (a paused arm's weight
 * goes to the serving arms, and the version names the paused arms); the expected proportions of a
 * version are the spec's weights renormalised over its serving arms. Versions of another spec
 * revision are not this spec's split and are left out; units outside the traffic fraction too.
 * The test is {@link SequentialMultinomialTest}, always valid: it is checked after every unit at
 * level {@link #ALPHA}, and a run without mismatch raises a false alarm with probability at most
 * {@link #ALPHA} however long it runs. The first crossing raises {@code sample_ratio_mismatch}
 * once per spec revision, with its evidence and the counts against their expectation.
 *
 * <p>Thompson sampling experiments are not checked here yet: their proportions change with every
 * posterior, and only the chosen arm's probability is logged with each unit.
 */
public final class SampleRatioFunction extends KeyedBroadcastProcessFunction<String, Exposure, SpecChange, Alert> {
    private static final long serialVersionUID = 1L;

    /** The level of the test: the most a run without mismatch ever alarms. */
    public static final double ALPHA = 0.001;
    /** The mixture's prior sample size (see {@link SequentialMultinomialTest}). */
    public static final double CONCENTRATION = 1000;
    private static final double THRESHOLD = Math.log(1 / ALPHA);

    static final MapStateDescriptor<String, UnitCounts> BY_VERSION =
            new MapStateDescriptor<>("units-by-version", Types.STRING, TypeInformation.of(UnitCounts.class));
    static final ValueStateDescriptor<String> ALERTED = new ValueStateDescriptor<>("srm-alerted-revision", Types.STRING);

    private transient MapState<String, UnitCounts> byVersion;
    private transient ValueState<String> alerted;
    private transient SpecRevisions specs;
    private transient Counter unitsCounted;
    private transient Counter unitsWithoutSpec;

    @Override
    public void open(OpenContext openContext) {
        byVersion = getRuntimeContext().getMapState(BY_VERSION);
        alerted = getRuntimeContext().getState(ALERTED);
        specs = new SpecRevisions();
        var metrics = getRuntimeContext().getMetricGroup();
        unitsCounted = metrics.counter("srmUnits");
        unitsWithoutSpec = metrics.counter("srmUnitsWithoutSpec");
    }

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<Alert> out) throws Exception {
        SpecRevisions.apply(ctx.getBroadcastState(SpecRevisions.STATE), change);
    }

    @Override
    public void processElement(Exposure unit, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        if (!unit.inExperiment() || unit.policy() != PolicyType.FIXED) {
            return;
        }
        Optional<SpecRevisions.Revision> found = specs.find(ctx.getBroadcastState(SpecRevisions.STATE), unit.experiment());
        if (found.isEmpty()) {
            unitsWithoutSpec.inc();
            return;
        }
        JobSpec spec = found.get().spec();
        String prefix = "fixed@" + spec.revision();
        if (!unit.policyVersion().startsWith(prefix) || spec.guardrails().weights().isEmpty()) {
            return;
        }
        long at = unit.decidedAt().toEpochMilli();
        UnitCounts held = byVersion.get(unit.policyVersion());
        byVersion.put(unit.policyVersion(), held == null ? UnitCounts.first(unit.arm(), at) : held.plus(unit.arm(), at));
        unitsCounted.inc();
        if (spec.revision().equals(alerted.value())) {
            return;
        }
        double logBayesFactor = 0;
        List<String> lines = new ArrayList<>();
        long units = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String shortest = null;
        double shortestRatio = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, UnitCounts> entry : byVersion.entries()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            UnitCounts counts = entry.getValue();
            double[] p = expected(spec.guardrails(), entry.getKey().substring(prefix.length()));
            long[] n = new long[p.length];
            for (int k = 0; k < p.length; k++) {
                n[k] = counts.byArm().getOrDefault(spec.guardrails().arms().get(k), 0L);
            }
            logBayesFactor += SequentialMultinomialTest.logBayesFactor(n, p, CONCENTRATION);
            long total = counts.total();
            units += total;
            first = Math.min(first, counts.firstMillis());
            last = Math.max(last, counts.lastMillis());
            List<String> arms = new ArrayList<>();
            for (int k = 0; k < p.length; k++) {
                arms.add(String.format(Locale.ROOT, "%s %d (expected %.1f)", spec.guardrails().arms().get(k), n[k],
                        p[k] * total));
                if (p[k] > 0 && n[k] / (p[k] * total) < shortestRatio) {
                    shortestRatio = n[k] / (p[k] * total);
                    shortest = spec.guardrails().arms().get(k);
                }
            }
            lines.add(entry.getKey() + ": " + String.join(", ", arms));
        }
        if (logBayesFactor < THRESHOLD) {
            return;
        }
        alerted.update(spec.revision());
        String message = String.format(Locale.ROOT, "sample ratio mismatch in %s: the units on each arm do not follow "
                        + "its weights (log Bayes factor %.2f over %.2f, level %s, on %d units): %s. Units are being lost "
                        + "or gained on some arm between assignment and the exposure log; most short: %s",
                unit.experiment(), logBayesFactor, THRESHOLD, ALPHA, units, String.join("; ", lines), shortest);
        out.collect(new Alert(SchemaVersion.CURRENT, unit.experiment() + "/sample_ratio_mismatch/" + spec.revision(),
                unit.experiment(), AlertKind.SAMPLE_RATIO_MISMATCH, Alert.Severity.CRITICAL, shortest, message,
                new AlertEvidence("log_bayes_factor", logBayesFactor, THRESHOLD, Instant.ofEpochMilli(first),
                        Instant.ofEpochMilli(last), units), Instant.ofEpochMilli(last)));
    }

    /**
     * The proportions a version promises: the weights renormalised over its serving arms, the
     * paused ones named after {@code /paused:} in its suffix.
     */
    static double[] expected(JobSpec.Guardrails spec, String versionSuffix) {
        List<String> paused = versionSuffix.startsWith("/paused:")
                ? List.of(versionSuffix.substring("/paused:".length()).split(",")) : List.of();
        double[] p = new double[spec.arms().size()];
        double total = 0;
        for (int k = 0; k < p.length; k++) {
            String arm = spec.arms().get(k);
            p[k] = paused.contains(arm) ? 0 : spec.weights().get(arm);
            total += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= total;
        }
        return p;
    }
}
