package io.sluice.router.experiment;

import io.sluice.core.event.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The newest alerts this router has read from the {@code alerts} topic, bounded: operators see
 * what is happening now, and the topic keeps the full history. Ordered by when they were raised,
 * since the topic's partitions interleave them in no particular order.
 */
public final class RecentAlerts {
    private static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::raisedAt).reversed()
            .thenComparing(Alert::alertId);

    private final int capacity;
    private final TreeSet<Alert> alerts = new TreeSet<>(NEWEST_FIRST);

    public RecentAlerts(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Alert alert) {
        alerts.add(alert);
        while (alerts.size() > capacity) {
            alerts.pollLast();
        }
    }

    /** Up to {@code limit} alerts that match, newest first. */
    public synchronized List<Alert> newest(Predicate<Alert> filter, int limit) {
        List<Alert> out = new ArrayList<>();
        for (Alert alert : alerts) {
            if (out.size() == limit) {
                break;
            }
            if (filter.test(alert)) {
                out.add(alert);
            }
        }
        return out;
    }
}
