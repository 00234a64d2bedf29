package io.sluice.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads a file a configuration refers to (a rubric, say), relative to where the configuration
 * came from. On the wire everything is inline, so specs read from a topic include nothing.
 */
@FunctionalInterface
public interface IncludeResolver {
    IncludeResolver NONE = reference -> {
        throw new IOException("files can be referred to only from a configuration file; write it inline");
    };

    JsonNode read(String reference) throws IOException;
}
