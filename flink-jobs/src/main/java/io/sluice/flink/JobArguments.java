package io.sluice.flink;

import io.sluice.core.json.HumanDuration;
import java.time.Duration;
import org.apache.flink.util.ParameterTool;

/** The arguments a job's {@code main} takes on a Flink cluster, beyond what ParameterTool reads. */
public final class JobArguments {
    private JobArguments() {}

    /** {@code --name} as a duration written like {@code 500ms}, {@code 5s}, {@code 10m}; else the fallback. */
    public static Duration duration(ParameterTool params, String name, Duration fallback) {
        String text = params.get(name);
        if (text == null) {
            return fallback;
        }
        return HumanDuration.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "--" + name + ": not a duration (e.g. 500ms, 5s, 10m, 1h): " + text));
    }
}
