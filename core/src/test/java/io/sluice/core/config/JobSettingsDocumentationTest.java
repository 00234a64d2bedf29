package io.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every knob of the jobs is documented once, in the README's table of the {@code jobs} section,
 * which the cluster flags refer to: the table names exactly the keys the reader accepts.
 */
class JobSettingsDocumentationTest {
    private static final Pattern ROW_KEYS = Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)?)`");

    @Test
    void theReadmeTableOfTheJobsSectionNamesEveryKeyTheReaderTakesAndNoOther() throws IOException {
        assertThat(documentedKeys()).isEqualTo(acceptedKeys());
    }

    private static Set<String> documentedKeys() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### `jobs`"));
        section = section.substring(0, section.indexOf("\n###", 1));
        Set<String> keys = new TreeSet<>();
        String group = null;
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String cell = line.split("\\|")[1];
            Matcher key = ROW_KEYS.matcher(cell);
            while (key.find()) {
                String name = key.group(1);
                if (name.contains(".")) {
                    group = name.substring(0, name.indexOf('.'));
                    keys.add(name);
                } else if (cell.contains(".") && group != null) {
                    // `judge_monitor.residual_delta` / `residual_lambda`: the second is in the same group.
                    keys.add(group + "." + name);
                } else {
                    keys.add(name);
                }
            }
        }
        return keys;
    }

    /** The keys the reader accepts, as it lists them when it meets one it does not know. */
    private static Set<String> acceptedKeys() {
        Set<String> keys = new TreeSet<>();
        for (String top : known(JsonNodeFactory.instance.objectNode())) {
            if (top.equals("judge") || top.equals("judge_monitor")) {
                ObjectNode tree = JsonNodeFactory.instance.objectNode();
                tree.putObject(top);
                known(tree, top).forEach(nested -> keys.add(top + "." + nested));
            } else {
                keys.add(top);
            }
        }
        return keys;
    }

    private static Set<String> known(ObjectNode tree) {
        tree.put("no_such_knob", 1);
        return listed(tree, "no_such_knob");
    }

    private static Set<String> known(ObjectNode tree, String group) {
        ((ObjectNode) tree.get(group)).put("no_such_knob", 1);
        return listed(tree, group + ".no_such_knob");
    }

    private static Set<String> listed(ObjectNode tree, String path) {
        ConfigException refused = catchThrowableOfType(() -> JobSettingsReader.fromTree(tree, "test"),
                ConfigException.class);
        String message = refused.errors().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow()
                .message();
        String list = message.substring(message.indexOf("one of ") + 7, message.lastIndexOf(')'));
        return new TreeSet<>(Arrays.asList(list.split(", ")));
    }
}
