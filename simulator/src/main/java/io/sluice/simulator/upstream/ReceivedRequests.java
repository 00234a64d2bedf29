package io.sluice.simulator.upstream;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated upstream received: the most recent requests in full, bounded so that a long
 * demo does not grow without limit, and a count per model that is never dropped. Written from the
 * event loop and read from test threads.
 */
public final class ReceivedRequests {
    private final int capacity;
    private final ArrayDeque<ReceivedRequest> recent = new ArrayDeque<>();
    private final Map<String, LongAdder> countsByModel = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    public ReceivedRequests(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
    }

    void record(ReceivedRequest request) {
        total.increment();
        countsByModel.computeIfAbsent(request.model(), m -> new LongAdder()).increment();
        if (capacity == 0) {
            return;
        }
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(request);
        }
    }

    /** The kept requests, oldest first. */
    public List<ReceivedRequest> all() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public List<ReceivedRequest> forModel(String model) {
        return all().stream().filter(r -> r.model().equals(model)).toList();
    }

    /** The kept requests sent to {@code endpoint}, oldest first. */
    public List<ReceivedRequest> forEndpoint(Endpoint endpoint) {
        return all().stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    public Optional<ReceivedRequest> last() {
        synchronized (recent) {
            return Optional.ofNullable(recent.peekLast());
        }
    }

    /** Requests received since start (or the last {@link #clear()}), kept or not. */
    public long total() {
        return total.sum();
    }

    public long countFor(String model) {
        LongAdder count = countsByModel.get(model);
        return count == null ? 0 : count.sum();
    }

    public Map<String, Long> countsByModel() {
        Map<String, Long> counts = new TreeMap<>();
        countsByModel.forEach((model, count) -> counts.put(model, count.sum()));
        return counts;
    }

    public void clear() {
        synchronized (recent) {
            recent.clear();
            countsByModel.clear();
            total.reset();
        }
    }

    /** Requests kept at most; older ones are dropped first. */
    public int capacity() {
        return capacity;
    }
}
