package io.sluice.core.event;

import java.time.Instant;

/** An instruction to the routers about one arm, from a guardrail or an operator. */
public record Control(
        int schemaVersion,
        String experiment,
        String arm,
        ControlAction action,
        String reason,
        String issuedBy,
        Instant issuedAt) {

    public Control {
        SchemaVersion.require(schemaVersion, "control");
        Required.text(experiment, "experiment");
        Required.text(arm, "arm");
        Required.present(action, "action");
        Required.text(reason, "reason");
        Required.text(issuedBy, "issued_by");
        Required.present(issuedAt, "issued_at");
    }

    public String key() {
        return experiment + "/" + arm;
    }
}
