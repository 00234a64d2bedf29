package io.sluice.router;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.RouterSettings;
import io.sluice.router.api.AdminAuth;
import io.sluice.router.api.AdminHandler;
import io.sluice.router.api.AlertsHandler;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ChatCompletionsHandler;
import io.sluice.router.api.FeedbackHandler;
import io.sluice.router.api.LabelsHandler;
import io.sluice.router.api.ModelsHandler;
import io.sluice.router.api.Responses;
import io.sluice.router.events.EventLog;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.metrics.RouterMetrics;
import io.sluice.router.upstream.CompletionRelay;
import io.sluice.router.upstream.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One event loop's share of the router: its own upstream client and HTTP server (Vert.x spreads
 * connections over the instances listening on the same port); the experiments, the event log and
 * the meters are shared.
 */
final class RouterVerticle extends VerticleBase {
    /** The method each path answers, for a 405 on the others. */
    private static final java.util.Map<String, String> METHODS = java.util.Map.of(
            "/v1/chat/completions", "POST", "/v1/feedback", "POST", "/v1/labels", "POST", "/v1/models", "GET", "/v1/alerts", "GET",
            "/healthz", "GET", "/readyz", "GET", "/metrics", "GET", "/admin/experiments", "GET");

    private final RouterContext context;
    private final RouterSettings settings;
    private final int port;
    private UpstreamClient upstream;
    private HttpServer server;

    RouterVerticle(RouterContext context, int port) {
        this.context = context;
        this.settings = context.settings();
        this.port = port;
    }

    @Override
    public Future<?> start() {
        upstream = new UpstreamClient(vertx, settings.upstream(), context.upstreamKey());
        CompletionRelay relay = new CompletionRelay(vertx, upstream);
        ChatCompletionsHandler chat = new ChatCompletionsHandler(context.experiments(), context.assignments(), relay,
                context.events(), context.metrics(), settings.unknownModels(), context.clock());
        FeedbackHandler feedback = new FeedbackHandler(context.events(), context.metrics(), context.clock());
        LabelsHandler labels = new LabelsHandler(context.events(), context.metrics(), context.clock());
        ModelsHandler models = new ModelsHandler(context.experiments(), context.started());
        AdminHandler admin = new AdminHandler(context.experiments(), context.posteriors(), context.events(),
                context.clock());

        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes());
        router.post("/v1/chat/completions").handler(body).handler(chat::handle);
        router.post("/v1/feedback").handler(body).handler(feedback::handle);
        router.post("/v1/labels").handler(body).handler(labels::handle);
        router.get("/v1/models").handler(models::handle);
        router.get("/v1/alerts").handler(new AlertsHandler(context.alerts())::handle);
        router.get("/healthz").handler(this::health);
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(context.prometheus()));
        router.route("/admin/*").handler(new AdminAuth(context.adminToken())::handle);
        router.get("/admin/experiments").handler(admin::list);
        router.get("/admin/experiments/:name").handler(admin::show);
        router.put("/admin/experiments/:name").handler(body).handler(admin::replace);
        router.route().last().handler(this::notFound);
        router.route().failureHandler(this::failure);

        return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(port))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return Future.join(server == null ? Future.succeededFuture() : server.close(), upstream.close());
    }

    private void health(RoutingContext ctx) {
        Responses.json(ctx.response(), 200, JsonNodeFactory.instance.objectNode().put("status", "ok"));
    }

    private void ready(RoutingContext ctx) {
        boolean ready = context.events().healthy();
        Responses.json(ctx.response(), ready ? 200 : 503, JsonNodeFactory.instance.objectNode()
                .put("status", ready ? "ready" : "kafka unavailable")
                .put("experiments", context.experiments().all().size()));
    }

    private void notFound(RoutingContext ctx) {
        String path = ctx.request().path();
        String allowed = METHODS.get(path);
        if (allowed != null) {
            ctx.response().putHeader("allow", allowed);
            Responses.error(ctx.response(), ApiError.methodNotAllowed(ctx.request().method().name(), path));
            return;
        }
        Responses.error(ctx.response(), ApiError.notFound("No route for " + ctx.request().method() + " "
                + path + ".", null, "unknown_url"));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        ApiError error = switch (status) {
            case 413 -> ApiError.payloadTooLarge(settings.maxBodyBytes());
            case 405 -> ApiError.methodNotAllowed(ctx.request().method().name(), ctx.request().path());
            case 404 -> ApiError.notFound("No route for " + ctx.request().path() + ".", null, "unknown_url");
            case 400 -> ApiError.invalidRequest("The request could not be read.", null, "bad_request");
            default -> ApiError.internal("The router failed to handle the request.");
        };
        if (status >= 500 || status < 0) {
            org.slf4j.LoggerFactory.getLogger(RouterVerticle.class)
                    .error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        Responses.error(ctx.response(), error);
    }
}
