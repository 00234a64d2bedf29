package io.sluice.broker;

import java.util.List;
import java.util.stream.Collectors;

/** Existing topics disagree with the topic table; nothing was created. */
public final class TopicConflictException extends TopicProvisioningException {
    private final List<CleanupPolicyConflict> conflicts;

    TopicConflictException(List<CleanupPolicyConflict> conflicts) {
        super(conflicts.stream().map(CleanupPolicyConflict::describe)
                .collect(Collectors.joining("; ", "existing topics conflict with the topic table: ",
                        ". Delete them or use another topic prefix.")));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<CleanupPolicyConflict> conflicts() {
        return conflicts;
    }
}
