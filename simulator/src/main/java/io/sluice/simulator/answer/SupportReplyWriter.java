package io.sluice.simulator.answer;

import io.sluice.simulator.quality.QualityMark;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Writes a plausible customer-support reply whose content follows its true quality: a poor
 * answer hedges and stays vague, a good one greets the customer by name, cites the relevant
 * policy and lists concrete steps for their order. That correlation is what gives a simulated
 * judge something real to read later; the quality mark at the end is the ground truth.
 *
 * <p>Every choice comes from the given generator, so a seeded generator gives the same reply.
 */
public final class SupportReplyWriter {
    private static final Pattern NAME = Pattern.compile("\\b(?:I'm|I am|my name is|this is)\\s+([A-Z][a-z]+)");
    private static final Pattern ORDER = Pattern.compile("#(\\d{3,})");
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");

    private static final List<String> GREETINGS = List.of("Hello,", "Hi there,", "Hello and thanks for writing in,");
    private static final List<String> FILLERS = List.of(
            "I know this isn't how you hoped things would go.",
            "We appreciate your patience while we sort this out.",
            "Your satisfaction matters to us.",
            "I've made a note of this conversation on your account.",
            "Our team handles cases like this every day.",
            "Let me explain what happens next.",
            "Thanks again for bringing this to our attention.");
    private static final List<String> CLOSINGS = List.of(
            "Is there anything else I can help you with?",
            "Let me know if there's anything else I can do.",
            "Thanks for your patience.",
            "Have a great day.");

    /**
     * @param customerMessages the user turns of the conversation, oldest first
     * @param quality          the answer's true quality in [0, 1]
     * @param shape            the length to aim for; only the sentences a quality requires (policy,
     *                         steps) can take a reply past its longest length
     * @param maxTokens        the request's cap on completion tokens, if any; an answer cut short
     *                         is worth proportionally less of its quality
     */
    public SimulatedAnswer write(List<String> customerMessages, double quality, AnswerShape shape,
                                 OptionalInt maxTokens, RandomGenerator rng) {
        SupportTopic topic = SupportTopic.of(customerMessages);
        String name = lastMatch(NAME, customerMessages);
        String order = lastMatch(ORDER, customerMessages);
        int targetWords = shape.minWords() + rng.nextInt(shape.maxWords() - shape.minWords() + 1);

        String greeting = name != null && quality >= 0.5 ? "Hi " + name + "," : pick(GREETINGS, rng);
        String closing = pick(CLOSINGS, rng);

        List<String> body = new ArrayList<>();
        body.add(pick(topic.acknowledgements, rng));
        if (quality >= 0.6) {
            body.add(topic.policy);
        }
        if (order != null && quality >= 0.45) {
            body.add("I've pulled up order #" + order + ".");
        }
        if (quality < 0.4) {
            body.addAll(distinct(topic.vagueLines, quality < 0.2 ? 2 : 1, rng));
        }
        int steps = (int) Math.round(quality * topic.steps.size());
        body.addAll(distinct(topic.steps, steps, rng));

        // Fillers pad the reply towards its target length but never past the longest allowed.
        int length = words(greeting) + words(closing) + words(body);
        List<String> fillers = new ArrayList<>(FILLERS);
        while (length < targetWords) {
            int room = shape.maxWords() - length;
            List<String> fitting = fillers.stream().filter(f -> words(f) <= room).toList();
            if (fitting.isEmpty()) {
                break;
            }
            String filler = fitting.get(rng.nextInt(fitting.size()));
            fillers.remove(filler);
            body.add(filler);
            length += words(filler);
        }

        String full = greeting + "\n\n" + String.join(" ", body) + "\n\n" + closing;
        return cut(full, quality, shape.chunkWords(), maxTokens);
    }

    private static SimulatedAnswer cut(String full, double quality, int chunkWords, OptionalInt maxTokens) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(full);
        while (m.find()) {
            tokens.add(m.group());
        }
        int total = tokens.size();
        int kept = maxTokens.isPresent() ? Math.min(total, maxTokens.getAsInt()) : total;
        boolean truncated = kept < total;
        double realized = truncated ? quality * kept / total : quality;

        List<String> keptTokens = new ArrayList<>(tokens.subList(0, kept));
        keptTokens.set(kept - 1, keptTokens.get(kept - 1).stripTrailing());
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < kept; i += chunkWords) {
            chunks.add(String.join("", keptTokens.subList(i, Math.min(kept, i + chunkWords))));
        }
        String mark = "\n\n" + QualityMark.format(realized);
        chunks.add(mark);
        String content = String.join("", keptTokens) + mark;
        return new SimulatedAnswer(content, chunks, kept, truncated ? "length" : "stop", realized);
    }

    private static String lastMatch(Pattern pattern, List<String> texts) {
        String found = null;
        for (String text : texts) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                found = m.group(1);
            }
        }
        return found;
    }

    private static List<String> distinct(List<String> from, int count, RandomGenerator rng) {
        List<String> pool = new ArrayList<>(from);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count && !pool.isEmpty(); i++) {
            chosen.add(pool.remove(rng.nextInt(pool.size())));
        }
        return chosen;
    }

    private static String pick(List<String> from, RandomGenerator rng) {
        return from.get(rng.nextInt(from.size()));
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private static int words(List<String> sentences) {
        int n = 0;
        for (String sentence : sentences) {
            n += words(sentence);
        }
        return n;
    }
}
