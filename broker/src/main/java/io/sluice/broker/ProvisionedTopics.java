package io.sluice.broker;

import java.util.List;

/** What a provisioning run did: the full names of the topics it created and of those it found. */
public record ProvisionedTopics(List<String> created, List<String> existing) {
    public ProvisionedTopics {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
    }

    public boolean createdNothing() {
        return created.isEmpty();
    }

    /** One line for a log or a terminal, e.g. {@code created 13 topics (…), found 0}. */
    public String summary() {
        return "created " + created.size() + " topics" + (created.isEmpty() ? "" : " " + created)
                + ", found " + existing.size() + " already present";
    }
}
