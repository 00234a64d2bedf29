package io.sluice.router.api;

import io.sluice.core.config.ClientKey;
import io.sluice.core.config.ClientPermission;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Guards the app-facing API with client keys once any are configured: a request must present
 * {@code Authorization: Bearer <key>} of a key that allows what it asks for, and the key's name
 * is recorded on the events it causes. Keys are compared in constant time. Without keys the API
 * is open, as suits a router on loopback.
 */
public final class ClientAuth {
    /** Where the name of the request's client key is kept on the routing context. */
    public static final String CLIENT = "sluice.client";

    private final Map<byte[], ClientKey> keys;

    /** @param keys each key's value and its configuration, values already resolved */
    public ClientAuth(Map<byte[], ClientKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static ClientAuth open() {
        return new ClientAuth(Map.of());
    }

    public boolean required() {
        return !keys.isEmpty();
    }

    /** A handler that lets through only requests whose key allows {@code permission}. */
    public io.vertx.core.Handler<RoutingContext> allowing(ClientPermission permission) {
        return ctx -> check(ctx, permission);
    }

    private void check(RoutingContext ctx, ClientPermission permission) {
        if (keys.isEmpty()) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        ClientKey match = null;
        for (Map.Entry<byte[], ClientKey> key : keys.entrySet()) {
            // Every key is compared, so the time taken does not tell which one nearly matched.
            if (MessageDigest.isEqual(presented, key.getKey())) {
                match = key.getValue();
            }
        }
        if (match == null) {
            ctx.response().putHeader("www-authenticate", "Bearer");
            Responses.error(ctx.response(), ApiError.unauthorized("This router needs a client key: send "
                    + "'Authorization: Bearer <key>' (the api_key of your OpenAI SDK)."));
            return;
        }
        if (!match.allows().contains(permission)) {
            Responses.error(ctx.response(), new ApiError(403, "The client key '" + match.name() + "' does not allow "
                    + permission.wireName() + "; it allows " + String.join(", ", match.allows().stream()
                            .map(ClientPermission::wireName).sorted().toList()) + ".",
                    "invalid_request_error", null, "permission_denied"));
            return;
        }
        ctx.put(CLIENT, match.name());
        ctx.next();
    }

    /** Resolves every configured key's value; a key whose value cannot be found stops the start. */
    public static ClientAuth of(List<ClientKey> configured) {
        java.util.Map<byte[], ClientKey> keys = new java.util.IdentityHashMap<>();
        for (int i = 0; i < configured.size(); i++) {
            ClientKey key = configured.get(i);
            String value = key.key().resolve().orElseThrow(() -> new IllegalArgumentException(
                    "router.client_keys: the key '" + key.name() + "' has no value in its " + key.key()));
            keys.put(value.getBytes(StandardCharsets.UTF_8), key);
        }
        return new ClientAuth(keys);
    }
}
