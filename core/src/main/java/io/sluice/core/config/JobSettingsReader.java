package io.sluice.core.config;

import static io.sluice.core.config.SluiceConfigReader.positive;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.monitor.JudgeMonitorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the knobs of the Flink jobs ({@link JobSettings}): from the {@code jobs:} section of the
 * configuration, or, on a Flink cluster, from a tree the job's flags were turned into. Either way
 * every knob has one name, one default and one check, here.
 */
public final class JobSettingsReader {
    private static final List<String> STRUCTURED_OUTPUTS = List.of("json_schema", "json_object", "none");

    private JobSettingsReader() {}

    /** Every knob at its default. */
    public static JobSettings defaults() {
        return fromTree(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "the defaults");
    }

    /** The settings a tree of knobs names (the {@code jobs:} section, or flags), failing with every problem at its path. */
    public static JobSettings fromTree(JsonNode tree, String source) {
        List<ConfigError> errors = new ArrayList<>();
        JobSettings settings = read(ConfigNode.root(tree, errors));
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return settings;
    }

    static JobSettings read(ConfigNode node) {
        if (node.present()) {
            node.isObject();
        }
        node.allowOnly("embedded", "checkpoint_dir", "checkpoint_interval", "parallelism", "out_of_orderness",
                "idleness", "orphan_reward_ttl", "pair_ttl", "settled_retention", "spec_wait", "transaction_timeout",
                "judge", "judge_monitor");
        boolean embedded = node.field("embedded").bool().orElse(true);
        Path dir = node.field("checkpoint_dir").text().map(Path::of).orElse(SluiceConfigReader.DEFAULT_CHECKPOINT_DIR);
        Duration interval = positive(node.field("checkpoint_interval"), Duration.ofSeconds(2));
        int parallelism = node.field("parallelism").integer().map(n -> {
            if (n < 1 || n > 128) {
                node.field("parallelism").error("must be in [1, 128]");
            }
            return (int) Math.max(1, Math.min(128, n));
        }).orElse(1);
        Duration outOfOrderness = node.field("out_of_orderness").duration().orElse(Duration.ofSeconds(5));
        Duration idleness = positive(node.field("idleness"), Duration.ofSeconds(10));
        Duration orphanRewardTtl = positive(node.field("orphan_reward_ttl"), JobSettings.DEFAULT_ORPHAN_REWARD_TTL);
        Duration pairTtl = positive(node.field("pair_ttl"), JobSettings.DEFAULT_PAIR_TTL);
        Duration settledRetention = positive(node.field("settled_retention"), JobSettings.DEFAULT_SETTLED_RETENTION);
        Duration specWait = positive(node.field("spec_wait"), JobSettings.DEFAULT_SPEC_WAIT);
        Duration transactionTimeout = positive(node.field("transaction_timeout"),
                JobSettings.DEFAULT_TRANSACTION_TIMEOUT);
        return new JobSettings(embedded, dir, interval, parallelism, outOfOrderness, idleness,
                judge(node.field("judge")), judgeMonitor(node.field("judge_monitor")), orphanRewardTtl, pairTtl,
                settledRetention, specWait, transactionTimeout);
    }

    private static JudgeJobSettings judge(ConfigNode judge) {
        if (judge.present()) {
            judge.isObject();
        }
        judge.allowOnly("base_url", "api_key_env", "api_key_file", "max_output_tokens", "structured_output",
                "max_in_flight", "async_timeout", "retry_backoff", "max_retry_backoff");
        ConfigNode url = judge.field("base_url");
        String baseUrl = url.text().orElse(null);
        if (baseUrl != null && !SluiceConfigReader.URL.matcher(baseUrl).matches()) {
            url.error("must be an http(s) URL such as https://api.openai.com/v1, was '" + baseUrl + "'");
        }
        SecretRef key = new SecretRef(
                judge.field("api_key_env").text().orElse(SluiceConfigReader.DEFAULT_UPSTREAM_KEY_ENV),
                judge.field("api_key_file").text().map(Path::of).orElse(null));
        int maxOutputTokens = atLeastOne(judge.field("max_output_tokens"), JudgeJobSettings.DEFAULT_MAX_OUTPUT_TOKENS);
        ConfigNode shape = judge.field("structured_output");
        String structuredOutput = shape.text().map(t -> t.toLowerCase(Locale.ROOT))
                .orElse(JudgeJobSettings.DEFAULT_STRUCTURED_OUTPUT);
        if (!STRUCTURED_OUTPUTS.contains(structuredOutput)) {
            shape.error("must be one of " + String.join(", ", STRUCTURED_OUTPUTS) + ", was '" + structuredOutput + "'");
            structuredOutput = JudgeJobSettings.DEFAULT_STRUCTURED_OUTPUT;
        }
        int maxInFlight = atLeastOne(judge.field("max_in_flight"), JudgeJobSettings.DEFAULT_MAX_IN_FLIGHT);
        Duration asyncTimeout = positive(judge.field("async_timeout"), JudgeJobSettings.DEFAULT_ASYNC_TIMEOUT);
        Duration retryBackoff = positive(judge.field("retry_backoff"), JudgeJobSettings.DEFAULT_RETRY_BACKOFF);
        Duration maxRetryBackoff = positive(judge.field("max_retry_backoff"),
                JudgeJobSettings.DEFAULT_MAX_RETRY_BACKOFF);
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            judge.field("max_retry_backoff").error("must not be below retry_backoff (" + retryBackoff + ")");
            maxRetryBackoff = retryBackoff;
        }
        return new JudgeJobSettings(baseUrl == null ? null : SluiceConfigReader.stripSlash(baseUrl), key,
                maxOutputTokens, structuredOutput, maxInFlight, asyncTimeout, retryBackoff, maxRetryBackoff);
    }

    private static int atLeastOne(ConfigNode node, int fallback) {
        return node.integer().map(n -> {
            if (n < 1 || n > Integer.MAX_VALUE) {
                node.error("must be at least 1");
                return fallback;
            }
            return n.intValue();
        }).orElse(fallback);
    }

    private static JudgeMonitorSettings judgeMonitor(ConfigNode node) {
        JudgeMonitorSettings d = JudgeMonitorSettings.DEFAULTS;
        if (!node.isObject()) {
            return d;
        }
        node.allowOnly("window", "first_fit_pairs", "refit_pairs", "residual_delta", "residual_lambda",
                "absolute_residual_delta", "absolute_residual_lambda", "recovery_pairs", "recovery_mae_margin",
                "interval_level");
        try {
            return new JudgeMonitorSettings(
                    node.field("window").integer().map(Long::intValue).orElse(d.window()),
                    node.field("first_fit_pairs").integer().map(Long::intValue).orElse(d.firstFitPairs()),
                    node.field("refit_pairs").integer().map(Long::intValue).orElse(d.refitPairs()),
                    node.field("residual_delta").number().orElse(d.residualDelta()),
                    node.field("residual_lambda").number().orElse(d.residualLambda()),
                    node.field("absolute_residual_delta").number().orElse(d.absoluteResidualDelta()),
                    node.field("absolute_residual_lambda").number().orElse(d.absoluteResidualLambda()),
                    node.field("recovery_pairs").integer().map(Long::intValue).orElse(d.recoveryPairs()),
                    node.field("recovery_mae_margin").number().orElse(d.recoveryMaeMargin()),
                    node.field("interval_level").number().orElse(d.intervalLevel()));
        } catch (IllegalArgumentException e) {
            // The settings check their own consistency and name every problem.
            node.error(e.getMessage());
            return d;
        }
    }
}
