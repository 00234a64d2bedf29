package io.sluice.router.experiment;

import io.sluice.core.event.Alert;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The newest alerts this router has read from the {@code alerts} topic, newest first, bounded:
 * operators see what is happening now, and the topic keeps the full history.
 */
public final class RecentAlerts {
    private final int capacity;
    private final Deque<Alert> newestFirst = new ArrayDeque<>();

    public RecentAlerts(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Alert alert) {
        newestFirst.addFirst(alert);
        while (newestFirst.size() > capacity) {
            newestFirst.removeLast();
        }
    }

    /** Up to {@code limit} alerts that match, newest first. */
    public synchronized List<Alert> newest(Predicate<Alert> filter, int limit) {
        List<Alert> out = new ArrayList<>();
        for (Iterator<Alert> it = newestFirst.iterator(); it.hasNext() && out.size() < limit; ) {
            Alert alert = it.next();
            if (filter.test(alert)) {
                out.add(alert);
            }
        }
        return out;
    }
}
