package io.sluice.flink.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.core.config.ConfigError;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.core.topic.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of a job's {@code main} on a Flink cluster. Every knob of the {@code jobs:}
 * section of the configuration is a flag of the same name in kebab case, nested sections joined
 * by a dot ({@code --spec-wait 30m}, {@code --judge.max-in-flight 32},
 * {@code --judge-monitor.window 200}), read and checked by the same {@link JobSettingsReader}. Beside
 * them, where the job connects and what it is called: {@code --bootstrap} (required),
 * {@code --topic-prefix}, {@code --job-name}, {@code --group}, {@code --transactional-id-prefix}.
 * {@code --checkpoint-interval} applies when the cluster configures no checkpointing (default 10s).
 * A flag that is none of these is refused, with the flags there are.
 */
public record ClusterArguments(
        String bootstrapServers,
        TopicNames topics,
        Optional<String> jobName,
        Optional<String> consumerGroup,
        Optional<String> transactionalIdPrefix,
        Duration checkpointInterval,
        JobSettings jobs) {

    /** The checkpoint interval of a job whose cluster configures none. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private static final List<String> CONNECTION = List.of("bootstrap", "topic-prefix", "job-name", "group",
            "transactional-id-prefix");
    private static final Pattern FLAG = Pattern.compile("--([a-z0-9]+(?:[-.][a-z0-9]+)*)(?:=(.*))?", Pattern.DOTALL);
    private static final Pattern SNAKE = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)+");
    private static final YAMLMapper SCALARS = new YAMLMapper();

    /** Reads {@code --name value} and {@code --name=value} pairs; throws naming the first flag that is wrong. */
    public static ClusterArguments parse(String... args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            Matcher flag = FLAG.matcher(args[i]);
            if (!flag.matches()) {
                throw new IllegalArgumentException("expected a flag such as --bootstrap, got '" + args[i] + "'");
            }
            String value = flag.group(2);
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + flag.group(1) + ": needs a value");
                }
                value = args[++i];
            }
            if (flags.put(flag.group(1), value) != null) {
                throw new IllegalArgumentException("--" + flag.group(1) + ": given twice");
            }
        }
        String bootstrap = flags.remove("bootstrap");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap: required, the Kafka cluster as host:port[,host:port]");
        }
        TopicNames topics = new TopicNames(Optional.ofNullable(flags.remove("topic-prefix"))
                .orElse(TopicNames.DEFAULT_PREFIX));
        Optional<String> jobName = Optional.ofNullable(flags.remove("job-name"));
        Optional<String> group = Optional.ofNullable(flags.remove("group"));
        Optional<String> transactionalIdPrefix = Optional.ofNullable(flags.remove("transactional-id-prefix"));
        JobSettings jobs;
        try {
            jobs = JobSettingsReader.fromTree(tree(flags), "the command line");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(String.join("; ", e.errors().stream().map(ClusterArguments::asFlag)
                    .toList()), e);
        }
        // The jobs section's default interval is the embedded runtime's; a cluster's is longer.
        Duration checkpointInterval = flags.containsKey("checkpoint-interval") ? jobs.checkpointInterval()
                : DEFAULT_CHECKPOINT_INTERVAL;
        return new ClusterArguments(bootstrap, topics, jobName, group, transactionalIdPrefix, checkpointInterval,
                jobs);
    }

    /** A job's settings under the name, group and transactional ids the command line gives, if any. */
    public <S extends NamedJob<S>> S name(S settings) {
        S named = jobName.map(settings::withJobName).orElse(settings);
        named = consumerGroup.map(named::withConsumerGroup).orElse(named);
        if (transactionalIdPrefix.isPresent()) {
            if (!(named instanceof TransactionalJob<?>)) {
                throw new IllegalArgumentException("--transactional-id-prefix: this job writes no transactions");
            }
            @SuppressWarnings("unchecked")
            S withPrefix = (S) ((TransactionalJob<?>) named).withTransactionalIdPrefix(transactionalIdPrefix.get());
            named = withPrefix;
        }
        return named;
    }

    /** The flags as the tree the {@code jobs:} section would be, each value read as a YAML scalar. */
    private static ObjectNode tree(Map<String, String> flags) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        flags.forEach((name, value) -> {
            String[] path = name.replace('-', '_').split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.get(path[i]);
                parent = child instanceof ObjectNode object ? object : parent.putObject(path[i]);
            }
            parent.set(path[path.length - 1], scalar(value));
        });
        return root;
    }

    private static JsonNode scalar(String value) {
        try {
            JsonNode node = SCALARS.readTree(value);
            return node != null && node.isValueNode() ? node : JsonNodeFactory.instance.textNode(value);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    /** A problem as the flag's name says it: {@code judge.max_in_flight} is {@code --judge.max-in-flight}. */
    private static String asFlag(ConfigError error) {
        String message = error.message();
        if (message.startsWith("unknown field")) {
            message = "unknown flag (there are --" + String.join(", --", CONNECTION) + " and the knobs of jobs: "
                    + kebab(message.substring(message.indexOf("one of ") + 7, message.length() - 1)) + ")";
        }
        return error.path().isEmpty() ? message : "--" + kebab(error.path()) + ": " + message;
    }

    private static String kebab(String names) {
        Matcher snake = SNAKE.matcher(names);
        StringBuilder out = new StringBuilder();
        while (snake.find()) {
            snake.appendReplacement(out, snake.group().replace('_', '-'));
        }
        return snake.appendTail(out).toString();
    }
}
