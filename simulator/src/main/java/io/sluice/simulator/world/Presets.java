package io.sluice.simulator.world;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named worlds for demos and tests. Latencies are realistic in shape but small (tens to a few
 * hundred milliseconds) so that a demo gets through dozens of requests a second, and the gaps
 * between qualities are large enough for an experiment to find within a few thousand requests.
 * Both carry the simulated judge {@code sim-judge} with the default profile (no drift until one
 * is started).
 */
public final class Presets {

    /** The model the support-bot arms call; both arms use it, only the prompt differs. */
    public static final String SUPPORT_MODEL = "sim-support";
    /** The control prompt of the prompt duel in the support-bot article. */
    public static final String BE_HELPFUL_PROMPT = "Be helpful.";
    /** The treatment prompt of that duel. */
    public static final String POLICY_PROMPT =
            "Be helpful, cite the relevant return or shipping policy, and use the customer's name from the order context.";
    /** The phrase that makes the simulated upstream answer with the better variant. */
    public static final String POLICY_PHRASE = "cite the relevant return or shipping policy";

    /** The simulated judge model both presets carry, with the default {@link JudgeProfile}. */
    public static final String JUDGE_MODEL = JudgeProfile.DEFAULT_MODEL;

    public static final String SMALL_MODEL = "sim-small";
    public static final String MEDIUM_MODEL = "sim-medium";
    public static final String LARGE_MODEL = "sim-large";

    private static final Map<String, Supplier<SimulatorConfig>> BY_NAME = Map.of(
            "support-bot", Presets::supportBot,
            "three-arms", Presets::threeArms);

    private Presets() {}

    /**
     * The customer-support prompt duel: "Be helpful." (mean quality 0.55) against a prompt that
     * also asks to cite the return or shipping policy (mean quality 0.62). The better prompt
     * writes longer answers and is a little slower, as it would be in life, so latency and cost
     * guardrails have something to see.
     */
    public static SimulatorConfig supportBot() {
        return SimulatorConfig.builder()
                .seed(42)
                .models(List.of(SUPPORT_MODEL))
                .addVariant(Variant.builder()
                        .name("policy-citing")
                        .systemPromptContains(POLICY_PHRASE)
                        .quality(0.62)
                        .latency(ms(160)).jitter(ms(40))
                        .timeToFirstToken(ms(70)).chunkDelay(ms(12)).chunkWords(5)
                        .answerWords(55, 100)
                        .errorRate(0.005)
                        .build())
                .addVariant(Variant.builder()
                        .name("be-helpful")
                        .systemPromptContains("Be helpful")
                        .quality(0.55)
                        .latency(ms(120)).jitter(ms(30))
                        .timeToFirstToken(ms(60)).chunkDelay(ms(12)).chunkWords(5)
                        .answerWords(35, 80)
                        .errorRate(0.005)
                        .build())
                .defaultVariant(Variant.builder()
                        .name("unprompted")
                        .quality(0.50)
                        .latency(ms(120)).jitter(ms(30))
                        .timeToFirstToken(ms(60)).chunkDelay(ms(12)).chunkWords(5)
                        .answerWords(30, 70)
                        .errorRate(0.005)
                        .build())
                .addJudge(JudgeProfile.builder().model(JUDGE_MODEL).build())
                .build();
    }

    /**
     * Three models of rising quality and cost in time, for a bandit: {@code sim-small} (0.45),
     * {@code sim-medium} (0.55) and {@code sim-large} (0.70). Any other model gets 0.50.
     */
    public static SimulatorConfig threeArms() {
        return SimulatorConfig.builder()
                .seed(42)
                .models(List.of(SMALL_MODEL, MEDIUM_MODEL, LARGE_MODEL))
                .addVariant(Variant.builder()
                        .name(SMALL_MODEL).model(SMALL_MODEL)
                        .quality(0.45)
                        .latency(ms(60)).jitter(ms(15))
                        .timeToFirstToken(ms(30)).chunkDelay(ms(8)).chunkWords(5)
                        .answerWords(30, 60)
                        .errorRate(0.01)
                        .build())
                .addVariant(Variant.builder()
                        .name(MEDIUM_MODEL).model(MEDIUM_MODEL)
                        .quality(0.55)
                        .latency(ms(120)).jitter(ms(30))
                        .timeToFirstToken(ms(60)).chunkDelay(ms(12)).chunkWords(5)
                        .answerWords(40, 80)
                        .errorRate(0.005)
                        .build())
                .addVariant(Variant.builder()
                        .name(LARGE_MODEL).model(LARGE_MODEL)
                        .quality(0.70)
                        .latency(ms(250)).jitter(ms(60))
                        .timeToFirstToken(ms(120)).chunkDelay(ms(20)).chunkWords(5)
                        .answerWords(50, 100)
                        .errorRate(0.002)
                        .build())
                .defaultVariant(Variant.builder().name("other-model").quality(0.50).build())
                .addJudge(JudgeProfile.builder().model(JUDGE_MODEL).build())
                .build();
    }

    /** A preset by name ({@code support-bot}, {@code three-arms}). */
    public static SimulatorConfig named(String name) {
        Supplier<SimulatorConfig> preset = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (preset == null) {
            throw new IllegalArgumentException("unknown simulator preset '" + name + "', known: " + names());
        }
        return preset.get();
    }

    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
