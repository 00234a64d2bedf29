package io.sluice.router.upstream;

import io.sluice.core.event.CallOutcome;
import io.sluice.router.answer.CompletionSummary;

/**
 * How one relayed call ended.
 *
 * @param status the HTTP status the app received
 */
public record RelayResult(CallOutcome outcome, int status, CompletionSummary summary) {}
