package io.sluice.judge.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.model.StructuredOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Names a judge: a SHA-256 of everything that shapes its scores — the model, the rubric (id,
 * version and full content), the prompt template version and the generation parameters
 * (temperature, output-token cap, response format) — written as canonical JSON (keys sorted at
 * every level) so the same judge gets the same name in every process and version of Java.
 * Scores, calibrations and agreement figures are kept per fingerprint: change any of those
 * inputs and the judge is a new one, with no calibration until it has earned one.
 *
 * <p>The endpoint's address and key are left out on purpose: the same model behind another
 * proxy is the same judge.
 *
 * @param value 32 hex digits (the first 128 bits of the hash)
 */
public record JudgeFingerprint(String value) {

    public JudgeFingerprint {
        if (value == null || !value.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a judge fingerprint is 32 hex digits, was " + value);
        }
    }

    public static JudgeFingerprint of(JudgeModelSettings settings, Rubric rubric, String templateVersion) {
        return of(settings.modelName(), rubric, templateVersion, settings.temperature(), settings.maxOutputTokens(),
                settings.structuredOutput());
    }

    public static JudgeFingerprint of(String model, Rubric rubric, String templateVersion, Double temperature,
                                      Integer maxOutputTokens, StructuredOutput structuredOutput) {
        String canonical = canonicalJson(model, rubric, templateVersion, temperature, maxOutputTokens,
                structuredOutput);
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        return new JudgeFingerprint(HexFormat.of().formatHex(hash, 0, 16));
    }

    /** What the hash is taken of, for a reader who wants to know why two fingerprints differ. */
    public static String canonicalJson(String model, Rubric rubric, String templateVersion, Double temperature,
                                       Integer maxOutputTokens, StructuredOutput structuredOutput) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", model);
        root.set("rubric", SluiceJson.mapper().valueToTree(rubric));
        root.put("template_version", templateVersion);
        ObjectNode parameters = root.putObject("parameters");
        if (temperature == null) {
            parameters.putNull("temperature");
        } else {
            parameters.put("temperature", temperature.doubleValue());
        }
        if (maxOutputTokens == null) {
            parameters.putNull("max_output_tokens");
        } else {
            parameters.put("max_output_tokens", maxOutputTokens.intValue());
        }
        parameters.put("structured_output", structuredOutput == null ? null : structuredOutput.name().toLowerCase(java.util.Locale.ROOT));
        return sorted(root).toString();
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    @Override
    public String toString() {
        return value;
    }
}
