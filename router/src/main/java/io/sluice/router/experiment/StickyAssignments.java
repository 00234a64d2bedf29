package io.sluice.router.experiment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.core.assignment.Decision;
import io.sluice.core.event.Assignment;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.topic.Topic;
import io.sluice.router.events.EventLog;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The first Thompson assignment of every (experiment, unit), so a unit keeps its arm for the rest
 * of the experiment. Held in a local cache and written to the compacted {@code assignments}
 * topic, which every router follows: a restarted router reads it back before serving, and a
 * second router learns the first one's assignments from it.
 *
 * <p><b>Two routers assigning the same new unit at once.</b> Each serves its own assignment and
 * writes it; both records reach the topic. Every router resolves the conflict the same way, by a
 * rule that does not depend on the order it saw them in: the assignment made earliest wins (ties
 * broken by router id, then arm). A router holding the loser adopts the winner as soon as it reads
 * it; a router that reads the loser after the winner writes the winner again, so that compaction
 * (which keeps the last record of a key) keeps the winner. The unit may therefore see the losing
 * arm for the requests served before the winner reached that router — typically well under a
 * second. Each of those exposures carries the propensity it was really decided with, so analyses
 * stay unbiased; only the unit's experience was inconsistent for that moment.
 *
 * <p><b>An arm that was removed or paused.</b> An assignment to an arm the experiment no longer
 * has, or has paused, is void: the unit is decided afresh by the current policy, and the new assignment is written.
 * Such a void assignment loses every conflict, whatever its time, so a router still holding it
 * adopts the replacement instead of writing the dead arm back.
 *
 * <p>The cache is bounded: beyond {@code capacity} units, the least recently used are forgotten
 * and would be assigned afresh. Size it above the number of units active within an experiment.
 */
public final class StickyAssignments {
    static final Comparator<Assignment> PRECEDENCE = Comparator.comparing(Assignment::assignedAt)
            .thenComparing(Assignment::router)
            .thenComparing(Assignment::arm);

    private final Cache<String, Assignment> byKey;
    private final EventLog events;
    private final String router;
    private final Clock clock;
    private final BiPredicate<String, String> armServes;

    /**
     * @param armServes whether an experiment (first argument) still has an arm (second) and it is
     *     not paused; an experiment this router does not know keeps every assignment
     */
    public StickyAssignments(long capacity, EventLog events, String router, Clock clock,
            BiPredicate<String, String> armServes) {
        this.byKey = Caffeine.newBuilder().maximumSize(capacity).build();
        this.events = events;
        this.router = router;
        this.clock = clock;
        this.armServes = armServes;
    }

    /**
     * The unit's assignment: the remembered one, else a fresh decision that is remembered and
     * written to the topic. Concurrent requests of one new unit on this router share one decision.
     */
    public Decision decide(String experiment, String unit, Supplier<Decision> fresh) {
        String key = Assignment.keyOf(experiment, unit);
        Assignment held = byKey.getIfPresent(key);
        if (held == null || !valid(held)) {
            AtomicReference<Assignment> created = new AtomicReference<>();
            held = byKey.asMap().compute(key, (k, current) -> {
                if (current != null && valid(current)) {
                    return current;
                }
                Decision d = fresh.get();
                Assignment a = new Assignment(SchemaVersion.CURRENT, experiment, unit, d.arm(), d.propensity(),
                        d.policyVersion(), router, clock.instant());
                created.set(a);
                return a;
            });
            if (created.get() != null) {
                events.publish(Topic.ASSIGNMENTS, key, held);
            }
        }
        return new Decision(held.arm(), held.propensity(), true, held.policyVersion());
    }

    private boolean valid(Assignment assignment) {
        return armServes.test(assignment.experiment(), assignment.arm());
    }

    /** Whether {@code a} takes precedence over {@code b}: a live arm beats a removed one, then the earliest wins. */
    private boolean wins(Assignment a, Assignment b) {
        boolean aValid = valid(a);
        if (aValid != valid(b)) {
            return aValid;
        }
        return PRECEDENCE.compare(a, b) <= 0;
    }

    /** Takes in an assignment read from the topic, resolving a conflict with the one held here. */
    public void learn(Assignment seen) {
        String key = seen.key();
        AtomicReference<Assignment> rewrite = new AtomicReference<>();
        byKey.asMap().compute(key, (k, held) -> {
            if (held == null || held.equals(seen)) {
                return seen;
            }
            if (wins(held, seen)) {
                rewrite.set(held);
                return held;
            }
            return seen;
        });
        if (rewrite.get() != null) {
            events.publish(Topic.ASSIGNMENTS, key, rewrite.get());
        }
    }

    public Optional<Assignment> current(String experiment, String unit) {
        return Optional.ofNullable(byKey.getIfPresent(Assignment.keyOf(experiment, unit)));
    }

    public long size() {
        return byKey.estimatedSize();
    }
}
