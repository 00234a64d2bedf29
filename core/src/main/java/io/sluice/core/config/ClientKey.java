package io.sluice.core.config;

import java.util.Set;

/**
 * A key an app or an annotation tool presents to the router ({@code Authorization: Bearer ...}):
 * its name, recorded on the events it sends, where its value comes from, and what it may do. The
 * key stays with the router: it is never forwarded upstream, and its value never reaches a log or
 * a topic.
 */
public record ClientKey(String name, SecretRef key, Set<ClientPermission> allows) {
    public ClientKey {
        allows = Set.copyOf(allows);
    }
}
