package io.sluice.core.experiment;

import java.util.List;

/**
 * Request parameters an arm sets, overriding what the app sent. Field names on the wire are
 * OpenAI's own, so the router can merge them into the request as they are. Absent means "leave
 * the app's value alone".
 */
public record ArmParams(
        Double temperature,
        Double topP,
        Integer maxTokens,
        Double presencePenalty,
        Double frequencyPenalty,
        Long seed,
        List<String> stop) {

    public static final ArmParams NONE = new ArmParams(null, null, null, null, null, null, null);

    public ArmParams {
        stop = stop == null ? null : List.copyOf(stop);
    }
}
