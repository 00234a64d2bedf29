package io.sluice.simulator.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.core.json.SluiceJson;

/**
 * Reads a simulator configuration record from YAML (JSON is YAML too). Only the syntax is
 * YAML's: the tree is bound with the project's mapper, so names, durations and defaults are the
 * same as in JSON. A value of the wrong type is reported with its field path.
 */
public final class ConfigYaml {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigYaml() {}

    /** The configuration, or {@code whenEmpty} for an empty document. */
    public static <T> T read(String yaml, Class<T> type, T whenEmpty) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return whenEmpty;
            }
            return SluiceJson.mapper().treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + ": " + pathOf(e) + ": "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
