package io.sluice.simulator.upstream;

/** What reading a request body gives: a chat or responses request, or the error that answers it. */
public sealed interface RequestReading permits ChatRequest, ResponsesRequest, OpenAiError {}
