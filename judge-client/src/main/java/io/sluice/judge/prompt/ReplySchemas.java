package io.sluice.judge.prompt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.judge.Rubric;
import java.util.List;

/**
 * The JSON schemas judge replies are asked to follow. They keep to OpenAI's strict subset
 * (every property required, no additional properties) and give each axis's scale as an
 * {@code enum} of its integers, which strict mode supports where {@code minimum}/{@code maximum}
 * are not guaranteed. The rationale comes first: a model that explains before it grades grades
 * more consistently than one that justifies a number already written.
 */
public final class ReplySchemas {
    private ReplySchemas() {}

    /** {@code {"rationale": string, "scores": {<axis>: <integer on the scale>, ...}}}. */
    public static JsonSchema rubric(Rubric rubric) {
        ObjectNode root = object();
        ObjectNode properties = root.putObject("properties");
        properties.putObject("rationale").put("type", "string");
        ObjectNode scores = properties.putObject("scores");
        scores.put("type", "object");
        ObjectNode axes = scores.putObject("properties");
        ArrayNode requiredAxes = scores.putArray("required");
        for (String axis : rubric.axisNames()) {
            ObjectNode grade = axes.putObject(axis);
            grade.put("type", "integer");
            ArrayNode levels = grade.putArray("enum");
            for (int level = rubric.scale().min(); level <= rubric.scale().max(); level++) {
                levels.add(level);
            }
            requiredAxes.add(axis);
        }
        scores.put("additionalProperties", false);
        required(root, List.of("rationale", "scores"));
        return schema("rubric_grades", root);
    }

    /** {@code {"rationale": string, "winner": "A" | "B" | "tie"}}. */
    public static JsonSchema pairwise() {
        ObjectNode root = object();
        ObjectNode properties = root.putObject("properties");
        properties.putObject("rationale").put("type", "string");
        ObjectNode winner = properties.putObject("winner");
        winner.put("type", "string");
        winner.putArray("enum").add("A").add("B").add("tie");
        required(root, List.of("rationale", "winner"));
        return schema("pairwise_verdict", root);
    }

    private static ObjectNode object() {
        ObjectNode root = SluiceJson.mapper().createObjectNode();
        root.put("type", "object");
        return root;
    }

    private static void required(ObjectNode root, List<String> names) {
        ArrayNode required = root.putArray("required");
        names.forEach(required::add);
        root.put("additionalProperties", false);
    }

    private static JsonSchema schema(String name, ObjectNode root) {
        return JsonSchema.builder().name(name).rootElement(JsonRawSchema.from(root.toString())).build();
    }
}
