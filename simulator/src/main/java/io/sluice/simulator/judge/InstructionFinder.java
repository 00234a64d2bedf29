package io.sluice.simulator.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a gullible judge model recognises an instruction addressed to it: a sentence that tells
 * it to ignore its instructions, speaks to it as the grader, demands a grade for "this" answer,
 * or claims a new system instruction. This is the simulated model's reading, written
 * independently of the judge-client's detector, so that a test of the client measures the
 * client's defence rather than two copies of one list agreeing with each other.
 */
public final class InstructionFinder {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE;
    private static final List<Pattern> INSTRUCTIONS = List.of(
            Pattern.compile("\\b(?:ignore|disregard|forget|override)\\b.{0,40}?"
                    + "\\b(?:instructions?|prompts?|rubric|rules|guidelines|criteria)\\b", FLAGS),
            Pattern.compile("\\b(?:as|dear|to|attention|hey)\\s+(?:the\\s+|an?\\s+|all\\s+)?(?:ai\\s+|llm\\s+)?"
                    + "(?:evaluator|judge|grader|rater|reviewer|assessor|scorer)s?\\b", FLAGS),
            Pattern.compile("\\b(?:rate|score|grade|give|award|assign|mark)\\b.{0,40}?"
                    + "\\b(?:this|it|my|the following|the above)\\b.{0,30}?"
                    + "(?:\\d|maximum|highest|perfect|full|top)", FLAGS),
            Pattern.compile("\\b(?:deserves|merits|earns|should (?:get|receive))\\b.{0,30}?"
                    + "(?:\\d|maximum|highest|perfect|full|top)", FLAGS),
            Pattern.compile("\\b(?:system override|new instructions|system prompt)\\b", FLAGS));
    private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/|out of)\\s*(\\d+)", FLAGS);
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)(?!\\w)");
    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]+[.!?]*");

    private InstructionFinder() {}

    /** The instructions in {@code text}, sentence by sentence, with offsets into it. */
    public static List<JudgeInstruction> find(String text) {
        List<JudgeInstruction> found = new ArrayList<>();
        Matcher sentences = SENTENCE.matcher(text);
        while (sentences.find()) {
            String sentence = sentences.group();
            if (INSTRUCTIONS.stream().anyMatch(p -> p.matcher(sentence).find())) {
                found.add(new JudgeInstruction(sentence.strip(), sentences.start(), score(sentence), share(sentence)));
            }
        }
        return found;
    }

    private static OptionalDouble share(String sentence) {
        Matcher m = SHARE.matcher(sentence);
        if (m.find()) {
            double of = Double.parseDouble(m.group(2));
            if (of > 0) {
                return OptionalDouble.of(Math.max(0, Math.min(1, Double.parseDouble(m.group(1)) / of)));
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble score(String sentence) {
        Matcher m = NUMBER.matcher(sentence);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
