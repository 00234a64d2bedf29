package io.sluice.simulator.judge;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.simulator.world.JudgeProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * One simulated judge model: reads a judge request, grades the answers in it by their true
 * quality with the profile's biases and the drift in force, and writes the reply. No I/O: the
 * upstream's server sends what this decides.
 *
 * <p>Every draw (failure, latency, refusal, position, susceptibility, noise) comes from one
 * generator seeded by {@link JudgeSeed}: the same answers get the same grades in every run,
 * however the prompt around them is worded.
 */
public final class JudgeSimulator {
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");

    private final JudgeProfile profile;
    private final long worldSeed;
    private final JudgeDrift drift;

    public JudgeSimulator(JudgeProfile profile, long worldSeed, Clock clock) {
        this.profile = profile;
        this.worldSeed = worldSeed;
        this.drift = new JudgeDrift(profile, clock);
    }

    public JudgeProfile profile() {
        return profile;
    }

    /** The drift schedule, live: changing it changes the grades of the next requests. */
    public JudgeDrift drift() {
        return drift;
    }

    /**
     * @param instructions the request's system and developer messages, joined
     * @param userText     its user messages, joined
     * @param parameters   the request body without model and messages
     * @param maxTokens    the cap on completion tokens, if any
     */
    public JudgeCompletion simulate(String instructions, String userText, JsonNode parameters, OptionalInt maxTokens) {
        JudgePrompt prompt = JudgePromptReader.read(instructions, userText, parameters.path("response_format"));
        List<String> seedTexts = new ArrayList<>();
        prompt.answers().forEach(a -> seedTexts.add(a.text()));
        if (seedTexts.isEmpty()) {
            seedTexts.add(userText);
        }
        RandomGenerator rng = new Well19937c(JudgeSeed.of(worldSeed, profile.model(), prompt.mode().name(), seedTexts));

        boolean failed = rng.nextDouble() < profile.errorRate();
        double spread = (2 * rng.nextDouble() - 1) * profile.jitter().toNanos();
        Duration latency = Duration.ofNanos(Math.max(0, profile.latency().toNanos() + (long) spread));
        JudgeDecision decision = JudgeGrader.grade(prompt, profile, drift.offsetNow(), rng);
        String reply = JudgeReplyWriter.write(decision, prompt.format(), profile.replyStyle());

        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(reply);
        while (m.find()) {
            tokens.add(m.group());
        }
        String finish = "stop";
        if (maxTokens.isPresent() && maxTokens.getAsInt() < tokens.size()) {
            tokens = tokens.subList(0, maxTokens.getAsInt());
            reply = String.join("", tokens).stripTrailing();
            finish = "length";
        }
        double quality = prompt.answers().isEmpty() ? Double.NaN : prompt.answers().get(0).quality();
        return new JudgeCompletion(reply, tokens.size(), finish, latency, failed, decision, quality);
    }
}
