package io.sluice.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.ConfigError;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.IncludeResolver;
import io.sluice.core.judge.Rubric;
import io.sluice.core.judge.RubricReader;
import java.io.IOException;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.event.UnitType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates experiment specs, from YAML configuration or from the {@code experiments}
 * topic alike. Every default lives here. Problems are reported with their field path and the
 * reader goes on, so one pass shows all of them.
 */
public final class ExperimentSpecReader {
    /** Names travel in model ids, Kafka keys ({@code experiment/arm}) and metric tags. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public static final double DEFAULT_TRACE_SAMPLE_RATE = 0.1;
    public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofMinutes(10);
    public static final Duration MAX_ATTRIBUTION_WINDOW = Duration.ofDays(30);

    private ExperimentSpecReader() {}

    /** One spec from its JSON form, e.g. a record of the experiments topic. */
    public static ExperimentSpec fromJson(JsonNode json, String source) {
        List<ConfigError> errors = new ArrayList<>();
        ExperimentSpec spec = read(ConfigNode.root(json, errors), IncludeResolver.NONE);
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return spec;
    }

    /** Reads a list of specs; names must be unique. Returns null entries for unreadable specs. */
    public static List<ExperimentSpec> readAll(ConfigNode list, IncludeResolver includes) {
        List<ExperimentSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode element : list.elements()) {
            JsonNode name = element.json().path("name");
            ConfigNode node = name.isTextual() && !name.asText().isBlank() ? element.named(name.asText()) : element;
            ExperimentSpec spec = read(node, includes);
            if (spec != null) {
                if (!names.add(spec.name())) {
                    node.field("name").error("duplicate experiment name '" + spec.name() + "'");
                }
                specs.add(spec);
            }
        }
        return specs;
    }

    /** Reads one spec at a node; returns null when it is too broken to build. */
    public static ExperimentSpec read(ConfigNode node, IncludeResolver includes) {
        if (!node.isObject()) {
            if (!node.present()) {
                node.error("required");
            }
            return null;
        }
        node.allowOnly("schema_version", "name", "description", "salt", "unit", "unit_fallback", "traffic", "control_arm",
                "policy", "arms", "reward", "trace_sample_rate", "judge", "guardrails", "prices", "rollout");
        int errorsBefore = errorCount(node);

        node.field("schema_version").integer().ifPresent(v -> {
            if (v != SchemaVersion.CURRENT) {
                node.field("schema_version").error("unsupported version " + v + " (this reader knows "
                        + SchemaVersion.CURRENT + ")");
            }
        });
        String name = name(node.field("name"));
        String description = node.field("description").text().orElse(null);
        String salt = node.field("salt").text().orElse(name);
        UnitType unit = node.field("unit").choice(UnitType.class, UnitType::wireName).orElse(UnitType.USER);
        List<UnitType> unitFallback = unitFallback(node.field("unit_fallback"), unit);
        double traffic = node.field("traffic").number().map(t -> {
            if (!(t > 0 && t <= 1)) {
                node.field("traffic").error("must be in (0, 1], was " + t);
            }
            return t;
        }).orElse(1.0);

        PolicyType policyType = policyType(node.field("policy"));
        List<ArmSpec> arms = arms(node.field("arms"), policyType);
        String controlArm = node.field("control_arm").text().orElse(arms.isEmpty() ? null : arms.get(0).name());
        if (controlArm != null && !arms.isEmpty() && arms.stream().noneMatch(a -> a.name().equals(controlArm))) {
            node.field("control_arm").error("names no arm of this experiment: '" + controlArm + "'");
        }

        double traceRate = node.field("trace_sample_rate").numberIn(0, 1).orElse(DEFAULT_TRACE_SAMPLE_RATE);
        JudgeSettings judge = judge(node.field("judge"), traceRate, includes);
        RewardDefinition reward = reward(node.field("reward"), judge.enabled());
        PolicySpec policy = policy(node.field("policy"), reward != null && reward.unbounded(), arms.size());
        Map<String, ModelPrice> prices = prices(node.field("prices"));
        List<GuardrailSpec> guardrails = guardrails(node.field("guardrails"), arms, prices);
        RolloutSpec rollout = rollout(node.field("rollout"), guardrails.isEmpty());
        if (rollout != null && node.field("traffic").present() && traffic != rollout.steps().get(0)) {
            // A spec read back from the experiments topic carries its first step as its traffic.
            node.field("rollout").error("set either traffic or a rollout, whose steps are the traffic fractions");
        }
        if (rollout != null) {
            traffic = rollout.steps().get(0);
        }

        if (errorCount(node) > errorsBefore || name == null) {
            return null;
        }
        return new ExperimentSpec(SchemaVersion.CURRENT, name, description, salt, unit, unitFallback, traffic, controlArm,
                policy, arms, reward, traceRate, judge, guardrails, prices, rollout);
    }

    /**
     * The fallback chain: absent means every finer unit the request can still offer (a
     * conversation falls back to the user, then the request; a user to the request), so an app
     * that sends only OpenAI's own fields is served; {@code []} refuses requests without the unit.
     * A fallback must differ from the unit and from the others, or the chain would be ambiguous.
     */
    private static List<UnitType> unitFallback(ConfigNode node, UnitType unit) {
        if (!node.present()) {
            return switch (unit) {
                case CONVERSATION -> List.of(UnitType.USER, UnitType.REQUEST);
                case USER -> List.of(UnitType.REQUEST);
                case REQUEST -> List.of();
            };
        }
        if (!node.json().isArray()) {
            node.error("expected a list of unit types, e.g. [user, request], or [] to refuse requests without '"
                    + unit.wireName() + "'");
            return List.of();
        }
        List<UnitType> chain = new ArrayList<>();
        for (ConfigNode element : node.elements()) {
            element.choice(UnitType.class, UnitType::wireName).ifPresent(type -> {
                if (type == unit) {
                    element.error("'" + type.wireName() + "' is the experiment's unit already");
                } else if (chain.contains(type)) {
                    element.error("'" + type.wireName() + "' appears twice");
                } else if (unit == UnitType.REQUEST || chain.contains(UnitType.REQUEST)) {
                    element.error("unreachable: every request can be randomized as 'request', which comes first");
                } else {
                    chain.add(type);
                }
            });
        }
        return chain;
    }

    private static String name(ConfigNode node) {
        String name = node.requiredText();
        if (name != null && !name.isBlank() && !NAME.matcher(name).matches()) {
            node.error("must start with a letter or digit and hold only letters, digits, '.', '_', ':' and '-' "
                    + "(at most 128), was '" + name + "'");
            return null;
        }
        return name;
    }

    private static PolicySpec policy(ConfigNode node, boolean unbounded, int arms) {
        if (!node.present()) {
            return PolicySpec.fixed();
        }
        if (node.json().isTextual()) {
            return node.choice(PolicyType.class, PolicyType::wireName)
                    .map(type -> type == PolicyType.FIXED ? PolicySpec.fixed()
                            : unbounded ? PolicySpec.thompson(NormalPrior.WEAK, 0.0)
                            : PolicySpec.thompson(BetaPrior.UNIFORM, 0.0))
                    .orElse(PolicySpec.fixed());
        }
        if (!node.isObject()) {
            return PolicySpec.fixed();
        }
        node.allowOnly("type", "prior", "exploration_floor");
        ConfigNode typeNode = node.field("type");
        if (!typeNode.present()) {
            typeNode.error("required (fixed or thompson)");
        }
        PolicyType type = typeNode.choice(PolicyType.class, PolicyType::wireName).orElse(PolicyType.FIXED);
        if (type == PolicyType.FIXED) {
            for (String thompsonOnly : List.of("prior", "exploration_floor")) {
                if (node.field(thompsonOnly).present()) {
                    node.field(thompsonOnly).error("only used by policy thompson");
                }
            }
            return PolicySpec.fixed();
        }
        ConfigNode floorNode = node.field("exploration_floor");
        double floor = floorNode.numberIn(0, 1).orElse(0.0);
        if (arms > 0 && floor * arms > 1.0) {
            floorNode.error("with " + arms + " arms it can be at most 1/" + arms + ", was " + floor);
        }
        ConfigNode prior = node.field("prior");
        if (unbounded) {
            NormalPrior normal = NormalPrior.WEAK;
            if (prior.isObject()) {
                prior.allowOnly("mean", "precision", "shape", "rate");
                normal = new NormalPrior(prior.field("mean").number().orElse(NormalPrior.WEAK.mean()),
                        positive(prior.field("precision")).orElse(NormalPrior.WEAK.precision()),
                        positive(prior.field("shape")).orElse(NormalPrior.WEAK.shape()),
                        positive(prior.field("rate")).orElse(NormalPrior.WEAK.rate()));
            }
            return PolicySpec.thompson(normal, floor);
        }
        BetaPrior beta = BetaPrior.UNIFORM;
        if (prior.isObject()) {
            prior.allowOnly("alpha", "beta");
            beta = new BetaPrior(positive(prior.field("alpha")).orElse(1.0), positive(prior.field("beta")).orElse(1.0));
        }
        return PolicySpec.thompson(beta, floor);
    }

    /** The policy type alone, which the arms need before the rest of the policy can be read. */
    private static PolicyType policyType(ConfigNode node) {
        JsonNode json = node.json();
        JsonNode type = json.isTextual() ? json : json.path("type");
        return "thompson".equals(type.asText()) ? PolicyType.THOMPSON : PolicyType.FIXED;
    }

    private static List<ArmSpec> arms(ConfigNode node, PolicyType policy) {
        if (!node.present()) {
            node.error("required: an experiment needs at least two arms");
            return List.of();
        }
        List<ConfigNode> elements = node.elements();
        if (node.json().isArray() && elements.size() < 2) {
            node.error("an experiment needs at least two arms, found " + elements.size());
        }
        List<ArmSpec> arms = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean anyWeight = elements.stream().anyMatch(e -> e.field("weight").present());
        for (ConfigNode arm : elements) {
            if (!arm.isObject()) {
                if (!arm.present()) {
                    arm.error("required");
                }
                continue;
            }
            arm.allowOnly("name", "model", "system_prompt", "weight", "params");
            String name = name(arm.field("name"));
            if (name != null && !names.add(name)) {
                arm.field("name").error("duplicate arm name '" + name + "'");
            }
            String model = arm.field("model").requiredText();
            String prompt = arm.field("system_prompt").text().orElse(null);
            Double weight = null;
            ConfigNode weightNode = arm.field("weight");
            if (policy == PolicyType.THOMPSON) {
                if (weightNode.present()) {
                    weightNode.error("not used by policy thompson, which sets shares from the posteriors");
                }
            } else if (anyWeight) {
                if (!weightNode.present()) {
                    weightNode.error("required when any arm has a weight");
                } else {
                    weight = weightNode.number().orElse(null);
                    if (weight != null && !(weight > 0)) {
                        weightNode.error("must be > 0");
                        weight = null;
                    }
                }
            } else {
                weight = 1.0;
            }
            ArmParams params = params(arm.field("params"));
            arms.add(new ArmSpec(name, model, prompt, weight, params));
        }
        return arms;
    }

    private static ArmParams params(ConfigNode node) {
        if (!node.isObject()) {
            return ArmParams.NONE;
        }
        node.allowOnly("temperature", "top_p", "max_tokens", "presence_penalty", "frequency_penalty", "seed", "stop");
        Double temperature = node.field("temperature").numberIn(0, 2).orElse(null);
        Double topP = node.field("top_p").number().map(p -> {
            if (!(p > 0 && p <= 1)) {
                node.field("top_p").error("must be in (0, 1], was " + p);
            }
            return p;
        }).orElse(null);
        Integer maxTokens = node.field("max_tokens").integer().map(n -> {
            if (n < 1 || n > Integer.MAX_VALUE) {
                node.field("max_tokens").error("must be >= 1");
            }
            return (int) Math.min(Math.max(n, 1), Integer.MAX_VALUE);
        }).orElse(null);
        Double presence = node.field("presence_penalty").numberIn(-2, 2).orElse(null);
        Double frequency = node.field("frequency_penalty").numberIn(-2, 2).orElse(null);
        Long seed = node.field("seed").integer().orElse(null);
        List<String> stop = null;
        ConfigNode stopNode = node.field("stop");
        if (stopNode.present()) {
            stop = new ArrayList<>();
            for (ConfigNode s : stopNode.elements()) {
                s.text().ifPresent(stop::add);
            }
            if (stop.size() > 4) {
                stopNode.error("at most 4 stop sequences");
            }
        }
        return new ArmParams(temperature, topP, maxTokens, presence, frequency, seed, stop);
    }

    private static RewardDefinition reward(ConfigNode node, boolean judgeEnabled) {
        if (!node.present()) {
            node.error("required: say which signals count, e.g. {signals: {thumbs_up: 1, thumbs_down: 0}}");
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        node.allowOnly("signals", "combine", "attribution_window", "default_reward", "unbounded");
        boolean unbounded = node.field("unbounded").bool().orElse(false);
        Map<Signal, Double> signals = new EnumMap<>(Signal.class);
        ConfigNode signalsNode = node.field("signals");
        if (!signalsNode.present()) {
            signalsNode.error("required: at least one signal that counts");
        }
        for (Map.Entry<String, ConfigNode> entry : signalsNode.entries().entrySet()) {
            ConfigNode valueNode = entry.getValue();
            Optional<Signal> signal = Signal.fromWireName(entry.getKey());
            if (signal.isEmpty()) {
                valueNode.error("unknown signal (expected one of thumbs_up, thumbs_down, copy, retry, continued, "
                        + "resolved, score, judge)");
                continue;
            }
            if (signal.get() == Signal.JUDGE && !judgeEnabled) {
                valueNode.error("the judge signal needs judge.enabled: true");
            }
            Optional<Double> value = unbounded ? valueNode.number() : valueNode.numberIn(0, 1);
            value.ifPresent(v -> signals.put(signal.get(), v));
        }
        if (signalsNode.json().isObject() && signalsNode.json().isEmpty()) {
            signalsNode.error("required: at least one signal that counts");
        }
        CombineRule combine = node.field("combine").choice(CombineRule.class, CombineRule::wireName)
                .orElse(CombineRule.MAX);
        ConfigNode windowNode = node.field("attribution_window");
        Duration window = windowNode.duration().orElse(DEFAULT_ATTRIBUTION_WINDOW);
        if (window.isZero() || window.isNegative() || window.compareTo(MAX_ATTRIBUTION_WINDOW) > 0) {
            windowNode.error("must be > 0 and at most 30d");
        }
        ConfigNode defaultNode = node.field("default_reward");
        double defaultReward = (unbounded ? defaultNode.number() : defaultNode.numberIn(0, 1)).orElse(0.0);
        return new RewardDefinition(signals, combine, window, defaultReward, unbounded);
    }

    private static JudgeSettings judge(ConfigNode node, double traceRate, IncludeResolver includes) {
        JudgeSettings defaults = JudgeSettings.disabled();
        if (!node.isObject()) {
            return defaults;
        }
        node.allowOnly("enabled", "rubric", "model", "sample_rate", "judgments_per_minute", "tokens_per_hour",
                "timeout", "capacity", "max_retries");
        boolean enabled = node.field("enabled").bool().orElse(false);
        Rubric rubric = rubric(node.field("rubric"), includes);
        if (enabled && rubric == null && !node.field("rubric").present()) {
            node.field("rubric").error("required when the judge is enabled");
        }
        String model = node.field("model").text().orElse(null);
        if (enabled && model == null) {
            node.field("model").error("required when the judge is enabled");
        }
        ConfigNode rateNode = node.field("sample_rate");
        double rate = rateNode.numberIn(0, 1).orElse(Math.min(0.05, traceRate));
        if (rate > traceRate) {
            rateNode.error("must be <= trace_sample_rate (" + traceRate + "): the judge reads sampled traces");
        }
        int perMinute = (int) positiveInteger(node.field("judgments_per_minute"), defaults.judgmentsPerMinute());
        long tokens = positiveInteger(node.field("tokens_per_hour"), defaults.tokensPerHour());
        ConfigNode timeoutNode = node.field("timeout");
        Duration timeout = timeoutNode.duration().orElse(defaults.timeout());
        if (timeout.isZero() || timeout.isNegative()) {
            timeoutNode.error("must be > 0");
        }
        int capacity = (int) positiveInteger(node.field("capacity"), defaults.capacity());
        int retries = node.field("max_retries").integer().map(r -> {
            if (r < 0 || r > 10) {
                node.field("max_retries").error("must be in [0, 10]");
            }
            return r.intValue();
        }).orElse(defaults.maxRetries());
        return new JudgeSettings(enabled, rubric, model, rate, perMinute, tokens, timeout, capacity, retries);
    }

    /** A rubric inline, or a YAML file named relative to the configuration. */
    private static Rubric rubric(ConfigNode node, IncludeResolver includes) {
        if (!node.present()) {
            return null;
        }
        if (!node.json().isTextual()) {
            return RubricReader.read(node);
        }
        String reference = node.json().asText();
        JsonNode included;
        try {
            included = includes.read(reference);
        } catch (IOException e) {
            node.error("cannot read rubric '" + reference + "': " + e.getMessage());
            return null;
        }
        List<ConfigError> errors = new ArrayList<>();
        Rubric rubric = RubricReader.read(ConfigNode.root(included, errors));
        errors.forEach(e -> node.error("in " + reference + ": " + e));
        return rubric;
    }

    private static List<GuardrailSpec> guardrails(ConfigNode node, List<ArmSpec> arms, Map<String, ModelPrice> prices) {
        List<GuardrailSpec> out = new ArrayList<>();
        for (ConfigNode g : node.elements()) {
            if (!g.isObject()) {
                continue;
            }
            g.allowOnly("metric", "max", "min", "max_ratio_to_control", "min_ratio_to_control", "window",
                    "consecutive_windows", "min_samples", "action", "auto_resume");
            ConfigNode metricNode = g.field("metric");
            if (!metricNode.present()) {
                metricNode.error("required");
            }
            GuardrailMetric metric = metricNode.choice(GuardrailMetric.class, GuardrailMetric::wireName).orElse(null);
            Double max = finite(g.field("max"));
            Double min = finite(g.field("min"));
            Double maxRatio = positive(g.field("max_ratio_to_control")).orElse(null);
            Double minRatio = positive(g.field("min_ratio_to_control")).orElse(null);
            long limits = java.util.stream.Stream.of(max, min, maxRatio, minRatio).filter(java.util.Objects::nonNull)
                    .count();
            if (limits != 1) {
                g.error("set exactly one of max, min, max_ratio_to_control and min_ratio_to_control");
            }
            ConfigNode windowNode = g.field("window");
            Duration window = windowNode.duration().orElse(Duration.ofMinutes(1));
            if (window.isZero() || window.isNegative()) {
                windowNode.error("must be > 0");
            } else if (window.toMillis() < 1000) {
                windowNode.error("must be at least 1s");
            }
            int consecutive = (int) positiveInteger(g.field("consecutive_windows"),
                    GuardrailSpec.DEFAULT_CONSECUTIVE_WINDOWS);
            int minSamples = (int) positiveInteger(g.field("min_samples"), GuardrailSpec.DEFAULT_MIN_SAMPLES);
            GuardrailAction action = g.field("action").choice(GuardrailAction.class, GuardrailAction::wireName)
                    .orElse(GuardrailAction.ALERT);
            if (metric == GuardrailMetric.COST_PER_REQUEST_USD) {
                for (ArmSpec arm : arms) {
                    if (!prices.containsKey(arm.model())) {
                        metricNode.error("cost_per_request_usd needs the price of model '" + arm.model()
                                + "' (arm " + arm.name() + ") in the experiment's prices");
                    }
                }
            }
            ConfigNode autoResumeNode = g.field("auto_resume");
            boolean autoResume = autoResumeNode.bool().orElse(false);
            if (autoResume && action != GuardrailAction.PAUSE) {
                autoResumeNode.error("only a pause is resumed; this guardrail's action is " + action.wireName());
            }
            out.add(new GuardrailSpec(metric, max, min, maxRatio, minRatio, window, consecutive, minSamples, action,
                    autoResume));
        }
        return out;
    }

    /** {@code rollout: {steps: [0.01, 0.05, 0.25, 1.0], min_step_duration: 10m, clean_windows: 3}}. */
    private static RolloutSpec rollout(ConfigNode node, boolean unguarded) {
        if (!node.isObject()) {
            return null;
        }
        node.allowOnly("steps", "min_step_duration", "clean_windows");
        if (unguarded) {
            node.error("a rollout advances on clean guardrail windows: the experiment needs guardrails");
        }
        List<Double> steps = new ArrayList<>();
        ConfigNode stepsNode = node.field("steps");
        if (!stepsNode.present()) {
            stepsNode.error("required");
        }
        for (ConfigNode step : stepsNode.elements()) {
            Optional<Double> value = step.numberIn(0, 1);
            if (value.isPresent() && value.get() == 0) {
                step.error("must be in (0, 1]");
            } else if (value.isPresent() && !steps.isEmpty() && value.get() <= steps.get(steps.size() - 1)) {
                step.error("steps must rise");
            } else {
                value.ifPresent(steps::add);
            }
        }
        if (steps.size() > io.sluice.core.event.Control.MAX_STEP + 1) {
            stepsNode.error("at most " + (io.sluice.core.event.Control.MAX_STEP + 1) + " steps");
        }
        ConfigNode durationNode = node.field("min_step_duration");
        Duration minimum = durationNode.duration().orElse(RolloutSpec.DEFAULT_MIN_STEP_DURATION);
        if (minimum.isNegative()) {
            durationNode.error("must be >= 0");
        }
        int clean = (int) positiveInteger(node.field("clean_windows"), RolloutSpec.DEFAULT_CLEAN_WINDOWS);
        return steps.isEmpty() ? null : new RolloutSpec(steps, minimum, clean);
    }

    private static Double finite(ConfigNode node) {
        Optional<Double> value = node.number();
        if (value.isPresent() && !Double.isFinite(value.get())) {
            node.error("must be a finite number");
            return null;
        }
        return value.orElse(null);
    }

    /** {@code prices: {model: {input_per_million_tokens_usd: x, output_per_million_tokens_usd: y}}}. */
    private static Map<String, ModelPrice> prices(ConfigNode node) {
        Map<String, ModelPrice> out = new java.util.TreeMap<>();
        for (Map.Entry<String, ConfigNode> entry : node.entries().entrySet()) {
            String model = entry.getKey();
            ConfigNode price = entry.getValue();
            if (!price.isObject()) {
                price.error("expected {input_per_million_tokens_usd, output_per_million_tokens_usd}");
                continue;
            }
            price.allowOnly("input_per_million_tokens_usd", "output_per_million_tokens_usd");
            double in = nonNegative(price.field("input_per_million_tokens_usd"));
            double out2 = nonNegative(price.field("output_per_million_tokens_usd"));
            out.put(model, new ModelPrice(in, out2));
        }
        return out;
    }

    private static double nonNegative(ConfigNode node) {
        if (!node.present()) {
            node.error("required");
            return 0;
        }
        double value = node.number().orElse(0.0);
        if (!(value >= 0) || !Double.isFinite(value)) {
            node.error("must be a finite number >= 0");
            return 0;
        }
        return value;
    }

    private static Optional<Double> positive(ConfigNode node) {
        Optional<Double> value = node.number();
        if (value.isPresent() && !(value.get() > 0)) {
            node.error("must be > 0");
            return Optional.empty();
        }
        return value;
    }

    private static long positiveInteger(ConfigNode node, long fallback) {
        Optional<Long> value = node.integer();
        if (value.isPresent() && value.get() < 1) {
            node.error("must be >= 1");
            return fallback;
        }
        return value.orElse(fallback);
    }

    private static int errorCount(ConfigNode node) {
        return node.problemCount();
    }
}
