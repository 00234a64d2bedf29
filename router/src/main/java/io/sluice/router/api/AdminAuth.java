package io.sluice.router.api;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards the admin API with a bearer token. Without a configured token the admin API is off, not
 * open. Tokens are compared in constant time, so response timing does not reveal a prefix.
 */
public final class AdminAuth {
    private final Optional<byte[]> token;

    public AdminAuth(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public void handle(RoutingContext ctx) {
        if (token.isEmpty()) {
            Responses.error(ctx.response(), new ApiError(403, "The admin API is off: give the router a token "
                    + "(router.admin_token_env or router.admin_token_file).", "invalid_request_error", null,
                    "admin_disabled"));
            return;
        }
        String header = ctx.request().getHeader("authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(presented, token.get())) {
            ctx.response().putHeader("www-authenticate", "Bearer");
            Responses.error(ctx.response(), ApiError.unauthorized("The admin API needs 'Authorization: Bearer <token>'."));
            return;
        }
        ctx.next();
    }
}
