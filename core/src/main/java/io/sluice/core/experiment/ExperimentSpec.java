package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.core.event.UnitType;
import io.sluice.core.json.SluiceJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experiment: its arms, how units are assigned to them, and what counts as success. This is
 * also the value on the compacted {@code experiments} topic, in the same shape as the YAML.
 *
 * @param salt mixed into every assignment hash, so two experiments split the same units
 *     independently; change it to reshuffle
 * @param unitFallback the unit types tried, in order, when a request does not carry {@code unit};
 *     empty means such a request is refused. Each exposure records the type actually used.
 * @param traffic the fraction of units in the experiment; the others get the control arm
 * @param controlArm the arm of units outside the traffic fraction
 * @param traceSampleRate the fraction of requests whose content is written to {@code traces}
 */
public record ExperimentSpec(
        int schemaVersion,
        String name,
        String description,
        String salt,
        UnitType unit,
        List<UnitType> unitFallback,
        double traffic,
        String controlArm,
        PolicySpec policy,
        List<ArmSpec> arms,
        RewardDefinition reward,
        double traceSampleRate,
        JudgeSettings judge,
        List<GuardrailSpec> guardrails,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, ModelPrice> prices,
        RolloutSpec rollout) {

    public ExperimentSpec {
        unitFallback = List.copyOf(unitFallback);
        arms = List.copyOf(arms);
        guardrails = List.copyOf(guardrails);
        prices = prices == null ? Map.of() : Map.copyOf(new java.util.TreeMap<>(prices));
    }

    public Optional<ArmSpec> arm(String armName) {
        return arms.stream().filter(a -> a.name().equals(armName)).findFirst();
    }

    /** The unit types a request may be randomized by, the experiment's own first. */
    public List<UnitType> unitChain() {
        List<UnitType> chain = new java.util.ArrayList<>(unitFallback.size() + 1);
        chain.add(unit);
        chain.addAll(unitFallback);
        return chain;
    }

    public List<String> armNames() {
        return arms.stream().map(ArmSpec::name).toList();
    }

    /**
     * A short hash of the whole spec. Any change to it — a weight, a prompt — yields a new
     * revision, which fixed-split exposures record as their policy version.
     */
    public String revision() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SluiceJson.toJson(this).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
