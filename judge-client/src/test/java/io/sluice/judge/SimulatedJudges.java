package io.sluice.judge;

import io.sluice.judge.model.JudgeEndpoint;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.model.StructuredOutput;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import java.util.List;

/**
 * A simulated upstream on 127.0.0.1 serving judge models of known behaviour, and settings that
 * point the real judge-client at them.
 */
public final class SimulatedJudges implements AutoCloseable {
    /** Noise 0.3, susceptible to injected instructions: the default judge. */
    public static final String GULLIBLE = "sim-judge";
    /** Like the default judge, and rewards length: 3 points per 100 words past 40. */
    public static final String WORDY = "sim-judge-wordy";
    /** Always prefers the answer shown first. */
    public static final String FIRST_POSITION = "sim-judge-first";
    /** Little noise, no bias. */
    public static final String FAIR = "sim-judge-fair";
    /** Replies in prose around a fenced JSON block when no response format is asked for. */
    public static final String FENCED = "sim-judge-fenced";
    /** Writes JSON followed by an explanation when no response format is asked for. */
    public static final String PROSE = "sim-judge-prose";
    /** Declines to grade. */
    public static final String REFUSING = "sim-judge-refusing";
    /** Fails every call with a 500. */
    public static final String BROKEN = "sim-judge-broken";
    /** Answers after two seconds. */
    public static final String SLOW = "sim-judge-slow";

    private final SimulatedUpstream upstream;

    public SimulatedJudges() {
        this(SimulatorConfig.builder().judges(List.of(
                JudgeProfile.builder().model(GULLIBLE).noise(0.3).instant().build(),
                JudgeProfile.builder().model(WORDY).noise(0.3).verbosityBias(3.0).verbosityReferenceWords(40)
                        .instant().build(),
                JudgeProfile.builder().model(FIRST_POSITION).noise(0.1).positionBias(1).instant().build(),
                JudgeProfile.builder().model(FAIR).noise(0.1).instant().build(),
                JudgeProfile.builder().model(FENCED).noise(0).replyStyle("fenced").instant().build(),
                JudgeProfile.builder().model(PROSE).noise(0).replyStyle("prose").instant().build(),
                JudgeProfile.builder().model(REFUSING).refusalRate(1).instant().build(),
                JudgeProfile.builder().model(BROKEN).errorRate(1).instant().build(),
                JudgeProfile.builder().model(SLOW).latency(java.time.Duration.ofSeconds(2)).jitter(
                        java.time.Duration.ZERO).build()))
                .build());
    }

    public SimulatedJudges(SimulatorConfig config) {
        this.upstream = SimulatedUpstream.start(config);
    }

    public SimulatedUpstream upstream() {
        return upstream;
    }

    public JudgeModelSettings settings(String model) {
        return JudgeModelSettings.builder().baseUrl(upstream.baseUrl()).modelName(model).build();
    }

    public JudgeModelSettings settings(String model, StructuredOutput output) {
        return settings(model).toBuilder().structuredOutput(output).build();
    }

    public JudgeEndpoint endpoint(String model) {
        return JudgeEndpoint.of(settings(model));
    }

    @Override
    public void close() {
        upstream.close();
    }
}
