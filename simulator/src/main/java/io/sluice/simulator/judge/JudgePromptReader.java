package io.sluice.simulator.judge;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.simulator.quality.QualityMark;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a judge request the way the simulated judge model does:
 * <ul>
 *   <li><b>mode and axes</b> from the JSON schema of {@code response_format} when there is one
 *       (a {@code winner} property: pairwise; a {@code scores} object: pointwise, its properties
 *       the axes, their {@code enum} or {@code minimum}/{@code maximum} the scale), otherwise from
 *       the instructions (the word "winner": pairwise; lines {@code - axis_name: ...} the axes;
 *       "from 1 ... to 5" the scale; 1 to 5 when none is stated);</li>
 *   <li><b>the answers</b> from their quality marks: the delimited regions holding a mark (the
 *       last one, or the last two for pairwise), or, when nothing holding a mark is delimited,
 *       the stretches of the user message ending in the last marks;</li>
 *   <li><b>instructions to the judge</b> anywhere in the user message outside the delimited
 *       regions.</li>
 * </ul>
 */
public final class JudgePromptReader {
    private static final Pattern AXIS_LINE = Pattern.compile("^\\s*[-*]\\s*([a-z][a-z0-9_]*)\\s*[:(]", Pattern.MULTILINE);
    private static final Pattern SCALE = Pattern.compile("\\bfrom\\s+(\\d+)\\b[^\\n]{0,20}?\\bto\\s+(\\d+)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WINNER = Pattern.compile("\\bwinner\\b", Pattern.CASE_INSENSITIVE);
    private static final String DEFAULT_AXIS = "overall";

    private JudgePromptReader() {}

    /**
     * @param instructions   the system and developer messages, joined
     * @param userText       the user messages, joined
     * @param responseFormat the request's {@code response_format}, or a missing node
     */
    public static JudgePrompt read(String instructions, String userText, JsonNode responseFormat) {
        List<Region> regions = DelimitedRegions.find(instructions, userText);
        String outside = blankOut(userText, regions);
        String type = responseFormat.path("type").asText("text").toLowerCase(Locale.ROOT);
        ReplyFormat format = switch (type) {
            case "json_schema" -> ReplyFormat.JSON_SCHEMA;
            case "json_object" -> ReplyFormat.JSON_OBJECT;
            default -> ReplyFormat.NONE;
        };
        JsonNode schema = responseFormat.path("json_schema").path("schema");
        String visibleInstructions = instructions + "\n" + outside;

        GradingMode mode;
        if (format == ReplyFormat.JSON_SCHEMA && schema.path("properties").has("winner")) {
            mode = GradingMode.PAIRWISE;
        } else if (format == ReplyFormat.JSON_SCHEMA && schema.path("properties").path("scores").isObject()) {
            mode = GradingMode.POINTWISE;
        } else {
            mode = WINNER.matcher(visibleInstructions).find() ? GradingMode.PAIRWISE : GradingMode.POINTWISE;
        }

        List<String> axes = new ArrayList<>();
        int[] scale = {1, 5};
        boolean scaleFound = false;
        JsonNode axisSchemas = schema.path("properties").path("scores").path("properties");
        if (format == ReplyFormat.JSON_SCHEMA && axisSchemas.isObject()) {
            for (Iterator<String> names = axisSchemas.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                axes.add(name);
                if (!scaleFound) {
                    scaleFound = scaleOf(axisSchemas.get(name), scale);
                }
            }
        }
        if (axes.isEmpty()) {
            axes.addAll(axesIn(visibleInstructions));
        }
        if (!scaleFound) {
            Matcher m = SCALE.matcher(visibleInstructions);
            if (m.find() && Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2))) {
                scale[0] = Integer.parseInt(m.group(1));
                scale[1] = Integer.parseInt(m.group(2));
            }
        }
        if (axes.isEmpty()) {
            axes.add(DEFAULT_AXIS);
        }

        int wanted = mode == GradingMode.PAIRWISE ? 2 : 1;
        List<AnswerUnderJudgement> answers = delimitedAnswers(regions, wanted);
        if (answers.isEmpty()) {
            answers = undelimitedAnswers(userText, wanted, regions);
        }
        List<JudgeInstruction> found = InstructionFinder.find(outside);
        return new JudgePrompt(mode, axes, scale[0], scale[1], answers, found, format);
    }

    private static boolean scaleOf(JsonNode axis, int[] scale) {
        JsonNode values = axis.path("enum");
        if (values.isArray() && values.size() >= 2) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (JsonNode v : values) {
                min = Math.min(min, v.asInt());
                max = Math.max(max, v.asInt());
            }
            scale[0] = min;
            scale[1] = max;
            return min < max;
        }
        if (axis.path("minimum").canConvertToInt() && axis.path("maximum").canConvertToInt()
                && axis.path("minimum").asInt() < axis.path("maximum").asInt()) {
            scale[0] = axis.path("minimum").asInt();
            scale[1] = axis.path("maximum").asInt();
            return true;
        }
        return false;
    }

    private static List<String> axesIn(String instructions) {
        Set<String> axes = new LinkedHashSet<>();
        Matcher m = AXIS_LINE.matcher(instructions);
        while (m.find()) {
            axes.add(m.group(1));
        }
        return List.copyOf(axes);
    }

    private static List<AnswerUnderJudgement> delimitedAnswers(List<Region> regions, int wanted) {
        List<AnswerUnderJudgement> marked = new ArrayList<>();
        for (Region region : regions) {
            List<QualityMark.Located> marks = QualityMark.locateAll(region.text());
            if (!marks.isEmpty()) {
                double q = marks.get(marks.size() - 1).quality();
                marked.add(new AnswerUnderJudgement(region.text(), q, true, region.start(), region.end()));
            }
        }
        return marked.size() < wanted ? List.of() : marked.subList(marked.size() - wanted, marked.size());
    }

    // The stretch that ends with a mark starts where the previous mark (or the message) ended.
    private static List<AnswerUnderJudgement> undelimitedAnswers(String userText, int wanted, List<Region> regions) {
        List<QualityMark.Located> marks = QualityMark.locateAll(userText);
        if (marks.size() < wanted) {
            return List.of();
        }
        List<AnswerUnderJudgement> answers = new ArrayList<>();
        for (int i = marks.size() - wanted; i < marks.size(); i++) {
            int start = i == 0 ? 0 : marks.get(i - 1).end();
            int end = marks.get(i).end();
            boolean delimited = regions.stream().anyMatch(r -> r.contains(start) && r.contains(end - 1));
            answers.add(new AnswerUnderJudgement(userText.substring(start, end), marks.get(i).quality(), delimited,
                    start, end));
        }
        return answers;
    }

    // Keeps offsets: delimited text becomes spaces, newlines stay so sentences still split there.
    private static String blankOut(String text, List<Region> regions) {
        char[] chars = text.toCharArray();
        for (Region region : regions) {
            for (int i = region.start(); i < region.end(); i++) {
                if (chars[i] != '\n') {
                    chars[i] = ' ';
                }
            }
        }
        return new String(chars);
    }
}
