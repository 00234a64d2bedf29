package io.sluice.router.unit;

import io.sluice.core.event.UnitType;

/**
 * The unit a request was randomized by: its type (the experiment's own or one of its fallbacks)
 * and its id, as the exposure records them.
 *
 * @param source where the id was found ({@code Sluice-User}, {@code user}, ...), for errors and metrics
 */
public record RandomizationUnit(UnitType type, String id, String source) {

    /**
     * The id assignments are keyed and hashed by. A fallback unit is qualified by its type, so a
     * user id never shares an assignment with an equal conversation id; the experiment's own unit
     * is used as it is, so adding a fallback moves no unit that was already assigned.
     */
    public String assignmentKey(UnitType experimentUnit) {
        return type == experimentUnit ? id : type.wireName() + ":" + id;
    }
}
