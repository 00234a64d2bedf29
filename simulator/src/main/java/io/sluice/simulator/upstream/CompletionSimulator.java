package io.sluice.simulator.upstream;

import io.sluice.simulator.answer.AnswerShape;
import io.sluice.simulator.answer.SimulatedAnswer;
import io.sluice.simulator.answer.SupportReplyWriter;
import io.sluice.simulator.judge.JudgeCompletion;
import io.sluice.simulator.judge.JudgeDrift;
import io.sluice.simulator.judge.JudgeSimulator;
import io.sluice.simulator.quality.QualityDistribution;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Decides how the simulated upstream answers a request, without any I/O. All draws come, in a
 * fixed order, from one generator seeded by {@link RequestSeed}: first whether the call fails,
 * then the answer's quality, the latency jitter, and the wording. Because the failure draw comes
 * first, changing a variant's error rate does not change the qualities of the answers that
 * still succeed.
 *
 * <p>A request for a configured judge model is not answered but graded, by that model's
 * {@link JudgeSimulator}.
 *
 * <p>Requests arrive as chat requests whatever the endpoint: a Responses API request is simulated
 * as {@link ResponsesRequest#asChat()}, so nothing here depends on how the question was asked.
 */
public final class CompletionSimulator {
    private static final int TOKENS_PER_MESSAGE = 3;

    private final SimulatorConfig config;
    private final Clock clock;
    private final SupportReplyWriter writer = new SupportReplyWriter();
    private final AtomicLong served = new AtomicLong();
    private final Map<String, JudgeSimulator> judges = new LinkedHashMap<>();
    private final Map<String, ModelDegradation> degradations = new java.util.concurrent.ConcurrentHashMap<>();

    public CompletionSimulator(SimulatorConfig config, Clock clock) {
        this.config = config.requireValid();
        this.clock = clock;
        for (JudgeProfile judge : config.judges()) {
            judges.put(judge.model(), new JudgeSimulator(judge, config.seed(), clock));
        }
    }

    /** The live drift schedule of the judge model {@code model}, if one is configured. */
    public Optional<JudgeDrift> judgeDrift(String model) {
        return Optional.ofNullable(judges.get(model)).map(JudgeSimulator::drift);
    }

    /** The live degradation schedule of {@code model}, made on first use (none in force until started). */
    public ModelDegradation degradation(String model) {
        return degradations.computeIfAbsent(model, m -> new ModelDegradation(clock));
    }

    public SimulatedCompletion simulate(ChatRequest request) {
        JudgeSimulator judge = judges.get(request.model());
        if (judge != null) {
            return judged(request, judge);
        }
        Variant variant = config.variantFor(request.model(), request.systemPrompt());
        long seed = RequestSeed.of(config.seed(), request.model(), request.messages());
        RandomGenerator rng = new Well19937c(seed);

        ModelDegradation degradation = degradations.get(request.model());
        double errorRate = degradation == null ? variant.errorRate() : degradation.errorRate(variant.errorRate());
        boolean failed = rng.nextDouble() < errorRate;
        double quality = new QualityDistribution(variant.quality(), variant.qualityConcentration()).draw(rng);
        Duration latency = jittered(variant.latency(), variant.jitter(), rng);
        Duration timeToFirstToken = jittered(variant.timeToFirstToken(), variant.jitter(), rng);
        if (degradation != null) {
            latency = degradation.latency(latency);
            timeToFirstToken = degradation.latency(timeToFirstToken);
        }
        List<String> customerMessages = request.messages().stream()
                .filter(ChatMessage::isUser).map(ChatMessage::content).toList();
        SimulatedAnswer answer = writer.write(customerMessages, quality,
                new AnswerShape(variant.minAnswerWords(), variant.maxAnswerWords(), variant.chunkWords()),
                request.maxTokens(), rng);

        // Unique per response, as OpenAI's ids are; the seed part makes a log line traceable to its draws.
        String id = String.format("chatcmpl-sim%016x%06d", seed, served.incrementAndGet() % 1_000_000);
        return new SimulatedCompletion(id, clock.instant().getEpochSecond(), request.model(), variant.name(), seed,
                failed, answer, promptTokens(request.messages()), latency, timeToFirstToken, variant.chunkDelay());
    }

    public SimulatorConfig config() {
        return config;
    }

    private SimulatedCompletion judged(ChatRequest request, JudgeSimulator judge) {
        String userText = request.messages().stream().filter(ChatMessage::isUser).map(ChatMessage::content)
                .collect(Collectors.joining("\n\n"));
        JudgeCompletion graded = judge.simulate(request.systemPrompt(), userText, request.parameters(),
                request.maxTokens());
        long seed = RequestSeed.of(config.seed(), request.model(), request.messages());
        String id = String.format("chatcmpl-sim%016x%06d", seed, served.incrementAndGet() % 1_000_000);
        SimulatedAnswer answer = new SimulatedAnswer(graded.content(), List.of(graded.content()),
                graded.completionTokens(), graded.finishReason(), graded.quality());
        return new SimulatedCompletion(id, clock.instant().getEpochSecond(), request.model(),
                "judge " + request.model(), seed, graded.failed(), answer, promptTokens(request.messages()),
                graded.latency(), graded.latency(), Duration.ZERO);
    }

    private static Duration jittered(Duration base, Duration jitter, RandomGenerator rng) {
        double spread = (2 * rng.nextDouble() - 1) * jitter.toNanos();
        return Duration.ofNanos(Math.max(0, base.toNanos() + (long) spread));
    }

    private static int promptTokens(List<ChatMessage> messages) {
        int tokens = TOKENS_PER_MESSAGE;
        for (ChatMessage message : messages) {
            String text = message.content().strip();
            tokens += TOKENS_PER_MESSAGE + (text.isEmpty() ? 0 : text.split("\\s+").length);
        }
        return tokens;
    }
}
