package io.sluice.flink.experiments;

import io.sluice.core.assignment.RequestSampling;
import io.sluice.core.event.Signal;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.BetaPrior;
import io.sluice.core.experiment.GuardrailAction;
import io.sluice.core.experiment.GuardrailMetric;
import io.sluice.core.experiment.GuardrailSpec;
import io.sluice.core.experiment.ModelPrice;
import io.sluice.core.experiment.CombineRule;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.JudgeSettings;
import io.sluice.core.experiment.NormalPrior;
import io.sluice.core.experiment.RewardDefinition;
import io.sluice.core.judge.Rubric;
import io.sluice.core.posterior.ArmPosterior;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the jobs need of an experiment's spec, in the typed form they broadcast and keep: built
 * once, where the {@code experiments} topic is read (the spec validated there by the reader of
 * what users write), then passed on as it is. Every part is a record of primitives, strings,
 * enums, lists and maps, so Flink serializes it as a POJO, without Kryo and without reading JSON
 * again; durations travel as milliseconds.
 *
 * @param name the experiment
 * @param revision the spec's revision ({@link ExperimentSpec#revision}): equal revisions, equal specs
 * @param salt the experiment's hashing salt, which decides which requests are sampled
 * @param traceSampleRate the fraction of requests traced
 * @param reward how rewards are settled
 * @param prior the arms' prior
 * @param judge the online judge, or one with {@code enabled} false
 * @param guardrails the arms and their limits, for the guardrails job
 */
public record JobSpec(
        String name,
        String revision,
        String salt,
        double traceSampleRate,
        Reward reward,
        Prior prior,
        Judge judge,
        Guardrails guardrails) {

    /**
     * The reward definition ({@link RewardDefinition}).
     *
     * @param attributionWindowMillis the attribution window, in milliseconds
     */
    public record Reward(Map<Signal, Double> signals, CombineRule combine, long attributionWindowMillis,
            double defaultReward, boolean unbounded) {

        public RewardDefinition definition() {
            return new RewardDefinition(signals, combine, Duration.ofMillis(attributionWindowMillis), defaultReward,
                    unbounded);
        }
    }

    /** The prior of every arm: a Beta for rewards in [0, 1], a Normal-Gamma for unbounded ones; null when the spec names none. */
    public record Prior(BetaPrior beta, NormalPrior normal) {}

    /**
     * The online judge ({@link JudgeSettings}).
     *
     * @param rubric null when the experiment has none
     * @param timeoutMillis one call's timeout, in milliseconds
     */
    public record Judge(boolean enabled, Rubric rubric, String model, double sampleRate, int judgmentsPerMinute,
            long tokensPerHour, long timeoutMillis, int capacity, int maxRetries) {

        public JudgeSettings settings() {
            return new JudgeSettings(enabled, rubric, model, sampleRate, judgmentsPerMinute, tokensPerHour,
                    Duration.ofMillis(timeoutMillis), capacity, maxRetries);
        }
    }

    /**
     * The arms and the guardrails on them ({@link GuardrailSpec}).
     *
     * @param controlArm the arm relative limits compare with, and which is never paused
     * @param arms every arm, in the spec's order
     * @param limits the guardrails, in the spec's order
     * @param prices each arm's model's price, where the spec's price table has one
     * @param rollout the guarded rollout, or null for none
     */
    public record Guardrails(String controlArm, List<String> arms, List<Limit> limits, Map<String, ModelPrice> prices,
            Rollout rollout) {

        /** The distinct window lengths of the limits, in milliseconds, shortest first. */
        public List<Long> windowLengths() {
            return limits.stream().map(Limit::windowMillis).distinct().sorted().toList();
        }
    }

    /** A guarded rollout ({@link io.sluice.core.experiment.RolloutSpec}), its minimum step in milliseconds. */
    public record Rollout(List<Double> steps, long minStepMillis, int cleanWindows) {
        public int lastStep() {
            return steps.size() - 1;
        }
    }

    /** One guardrail ({@link GuardrailSpec}), its window in milliseconds. */
    public record Limit(GuardrailMetric metric, Double max, Double min, Double maxRatioToControl,
            Double minRatioToControl, long windowMillis, int consecutiveWindows, int minSamples,
            GuardrailAction action, boolean autoResume) {

        public GuardrailSpec spec() {
            return new GuardrailSpec(metric, max, min, maxRatioToControl, minRatioToControl,
                    Duration.ofMillis(windowMillis), consecutiveWindows, minSamples, action, autoResume);
        }

        /** Names the limit in state and alerts: its metric, bound and window, e.g. {@code latency_p95_ms > 3000 @60000ms}. */
        public String id() {
            return spec().describe() + " @" + windowMillis + "ms";
        }
    }

    /** The parts of a validated spec the jobs use. */
    public static JobSpec of(ExperimentSpec spec) {
        RewardDefinition reward = spec.reward();
        JudgeSettings judge = spec.judge();
        return new JobSpec(spec.name(), spec.revision(), spec.salt(), spec.traceSampleRate(),
                new Reward(Map.copyOf(reward.signals()), reward.combine(), reward.attributionWindow().toMillis(),
                        reward.defaultReward(), reward.unbounded()),
                new Prior(spec.policy().betaPrior(), spec.policy().normalPrior()),
                new Judge(judge.enabled(), judge.rubric(), judge.model(), judge.sampleRate(), judge.judgmentsPerMinute(),
                        judge.tokensPerHour(), judge.timeout().toMillis(), judge.capacity(), judge.maxRetries()),
                guardrails(spec));
    }

    private static Guardrails guardrails(ExperimentSpec spec) {
        List<Limit> limits = spec.guardrails().stream().map(g -> new Limit(g.metric(), g.max(), g.min(),
                g.maxRatioToControl(), g.minRatioToControl(), g.window().toMillis(), g.consecutiveWindows(),
                g.minSamples(), g.action(), g.autoResume())).toList();
        Map<String, ModelPrice> prices = new java.util.TreeMap<>();
        for (ArmSpec arm : spec.arms()) {
            ModelPrice price = spec.prices().get(arm.model());
            if (price != null) {
                prices.put(arm.name(), price);
            }
        }
        Rollout rollout = spec.rollout() == null ? null : new Rollout(spec.rollout().steps(),
                spec.rollout().minStepDuration().toMillis(), spec.rollout().cleanWindows());
        return new Guardrails(spec.controlArm(), spec.armNames(), limits, prices, rollout);
    }

    /** Where each arm's posterior starts: the spec's prior, else a uniform Beta or a weak Normal-Gamma. */
    public ArmPosterior armPrior() {
        return ArmPosterior.prior(reward.unbounded(), prior.beta(), prior.normal());
    }

    /** Whether the online judge scores this request (the same draw the router made when it traced it). */
    public boolean judged(String requestId) {
        return judge.enabled() && RequestSampling.position(salt, requestId) < judge.sampleRate();
    }
}
