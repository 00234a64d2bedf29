package io.sluice.simulator.world;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated upstream's world: which variants answer which requests, the seed that makes
 * every answer reproducible, and the API key the upstream insists on.
 *
 * @param seed                the world seed; with the model and the messages it fixes each answer
 * @param expectedApiKey      when set, requests without {@code Authorization: Bearer <key>} get
 *                            a 401, so a test can prove who sent the key
 * @param models              what {@code GET /v1/models} lists; when empty, the variants' exact
 *                            model names
 * @param variants            tried in order, the first match answers
 * @param defaultVariant      answers when no variant matches
 * @param receivedLogCapacity how many received requests are kept for inspection (oldest dropped)
 * @param judges              simulated judge models: requests naming one are graded, not answered
 */
@JsonDeserialize(builder = SimulatorConfig.Builder.class)
public record SimulatorConfig(
        long seed,
        String expectedApiKey,
        List<String> models,
        List<Variant> variants,
        Variant defaultVariant,
        int receivedLogCapacity,
        List<JudgeProfile> judges) {

    public SimulatorConfig {
        models = models == null ? List.of() : List.copyOf(models);
        variants = variants == null ? List.of() : List.copyOf(variants);
        judges = judges == null ? List.of() : List.copyOf(judges);
    }

    /** The judge that grades requests for {@code model}, if that model names one. */
    public Optional<JudgeProfile> judgeFor(String model) {
        for (JudgeProfile judge : judges) {
            if (judge.model().equals(model)) {
                return Optional.of(judge);
            }
        }
        return Optional.empty();
    }

    /** The variant that answers a request for {@code model} under this system prompt. */
    public Variant variantFor(String model, String systemPrompt) {
        for (Variant variant : variants) {
            if (variant.matches(model, systemPrompt)) {
                return variant;
            }
        }
        return defaultVariant;
    }

    /** The models {@code GET /v1/models} lists. */
    public List<String> listedModels() {
        if (!models.isEmpty()) {
            return models;
        }
        Set<String> named = new LinkedHashSet<>();
        for (Variant variant : variants) {
            if (!Variant.ANY_MODEL.equals(variant.model())) {
                named.add(variant.model());
            }
        }
        for (JudgeProfile judge : judges) {
            named.add(judge.model());
        }
        return List.copyOf(named);
    }

    /** Every problem with this configuration, each with its field path. Empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get(i);
            if (variant == null) {
                problems.add("variants[" + i + "]: must not be null");
            } else {
                problems.addAll(variant.problems("variants[" + i + "]"));
            }
        }
        if (defaultVariant == null) {
            problems.add("default_variant: is required");
        } else {
            problems.addAll(defaultVariant.problems("default_variant"));
        }
        if (receivedLogCapacity < 0) {
            problems.add("received_log_capacity: must not be negative, was " + receivedLogCapacity);
        }
        Set<String> judgeModels = new HashSet<>();
        for (int i = 0; i < judges.size(); i++) {
            JudgeProfile judge = judges.get(i);
            if (judge == null) {
                problems.add("judges[" + i + "]: must not be null");
                continue;
            }
            problems.addAll(judge.problems("judges[" + i + "]"));
            if (judge.model() != null && !judgeModels.add(judge.model())) {
                problems.add("judges[" + i + "].model: another judge already grades '" + judge.model() + "'");
            }
        }
        return problems;
    }

    /** This configuration, or an {@link IllegalArgumentException} naming every problem. */
    public SimulatorConfig requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid simulator configuration: " + String.join("; ", problems));
        }
        return this;
    }

    public SimulatorConfig withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    public SimulatorConfig withExpectedApiKey(String key) {
        return toBuilder().expectedApiKey(key).build();
    }

    /** Reads a configuration from YAML or JSON; missing keys take the defaults, then it is validated. */
    public static SimulatorConfig fromYaml(String yaml) {
        return ConfigYaml.read(yaml, SimulatorConfig.class, builder().build()).requireValid();
    }

    public static SimulatorConfig load(Path file) {
        try {
            return fromYaml(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String toJson() {
        return SluiceJson.toJson(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .seed(seed)
                .expectedApiKey(expectedApiKey)
                .models(models)
                .variants(variants)
                .defaultVariant(defaultVariant)
                .receivedLogCapacity(receivedLogCapacity)
                .judges(judges);
    }

    /** The field initializers are the documented defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private long seed = 42;
        private String expectedApiKey;
        private List<String> models = new ArrayList<>();
        private List<Variant> variants = new ArrayList<>();
        private Variant defaultVariant = Variant.builder().build();
        private int receivedLogCapacity = 10_000;
        private List<JudgeProfile> judges = new ArrayList<>();

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder expectedApiKey(String expectedApiKey) {
            this.expectedApiKey = expectedApiKey;
            return this;
        }

        public Builder models(List<String> models) {
            this.models = new ArrayList<>(models == null ? List.of() : models);
            return this;
        }

        public Builder variants(List<Variant> variants) {
            this.variants = new ArrayList<>(variants == null ? List.of() : variants);
            return this;
        }

        /** Appends a variant; it is tried after the ones added before it. */
        public Builder addVariant(Variant variant) {
            this.variants.add(variant);
            return this;
        }

        public Builder defaultVariant(Variant defaultVariant) {
            this.defaultVariant = defaultVariant;
            return this;
        }

        public Builder receivedLogCapacity(int capacity) {
            this.receivedLogCapacity = capacity;
            return this;
        }

        public Builder judges(List<JudgeProfile> judges) {
            this.judges = new ArrayList<>(judges == null ? List.of() : judges);
            return this;
        }

        /** Adds a simulated judge model. */
        public Builder addJudge(JudgeProfile judge) {
            this.judges.add(judge);
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(seed, expectedApiKey, models, variants, defaultVariant, receivedLogCapacity,
                    judges);
        }
    }
}
