package io.sluice.router.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat completion request that passed validation. The body is kept whole, with every field the
 * router does not know, so that it reaches the upstream as the app wrote it, apart from the arm's
 * rewrite.
 */
public record ChatRequest(ObjectNode body, String model, boolean stream, String user) {}
