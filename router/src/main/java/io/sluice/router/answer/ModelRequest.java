package io.sluice.router.answer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request to a model that passed validation, chat completion or response alike. The body is
 * kept whole, with every field the router does not know, so that it reaches the upstream as the
 * app wrote it, apart from the arm's rewrite.
 */
public record ModelRequest(ObjectNode body, String model, boolean stream) {}
