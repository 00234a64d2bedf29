package io.sluice.broker;

/**
 * An existing topic whose cleanup policy is not the one the topic table requires. A compacted
 * topic that deletes old segments loses the latest value of quiet keys; a deleting topic that
 * compacts keeps only one record per key. Either silently breaks its readers, so it is refused.
 */
public record CleanupPolicyConflict(String topic, String required, String actual) {
    public String describe() {
        return "topic " + topic + " has cleanup.policy=" + actual + " but Sluice requires cleanup.policy=" + required;
    }
}
