package io.sluice.router;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.RouterSettings;
import io.sluice.router.api.AdminAuth;
import io.sluice.router.api.AdminHandler;
import io.sluice.router.api.AlertsHandler;
import io.sluice.core.config.ClientPermission;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ClientAuth;
import io.sluice.router.api.InvalidRequests;
import io.sluice.router.api.ModelCallHandler;
import io.sluice.router.api.FeedbackHandler;
import io.sluice.router.api.LabelsHandler;
import io.sluice.router.api.ModelsHandler;
import io.sluice.router.api.Responses;
import io.sluice.router.answer.ApiFormat;
import io.sluice.router.chat.ChatCompletionsFormat;
import io.sluice.router.responses.ResponsesFormat;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One event loop's share of the router: its own upstream client and HTTP server (Vert.x spreads
 * connections over the instances listening on the same port); the experiments, the event log and
 * the meters are shared.
 */
final class RouterVerticle extends VerticleBase {
    /** The methods each path answers, for a 405 (with {@code Allow}) on the others. */
    private static final List<AllowedMethods> METHODS = List.of(
            AllowedMethods.exact("/v1/chat/completions", "POST"),
            AllowedMethods.exact("/v1/responses", "POST"),
            AllowedMethods.exact("/v1/feedback", "POST"),
            AllowedMethods.exact("/v1/labels", "POST"),
            AllowedMethods.exact("/v1/models", "GET"),
            AllowedMethods.below("/v1/models/", "GET"),
            AllowedMethods.exact("/v1/alerts", "GET"),
            AllowedMethods.exact("/healthz", "GET"),
            AllowedMethods.exact("/readyz", "GET"),
            AllowedMethods.exact("/metrics", "GET"),
            AllowedMethods.exact("/admin/experiments", "GET"),
            AllowedMethods.matching("/admin/experiments/[^/]+/arms/[^/]+/(pause|resume)", "POST"),
            AllowedMethods.matching("/admin/experiments/[^/]+/(rollback|restore)", "POST"),
            AllowedMethods.below("/admin/experiments/", "GET, PUT"));

    private static final Duration CLIENT_IDLE_MARGIN = Duration.ofSeconds(5);
    private static final Duration MIN_CLIENT_IDLE = Duration.ofSeconds(15);

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
        ModelCallHandler chat = modelCalls(ChatCompletionsFormat.INSTANCE, relay);
        ModelCallHandler responses = modelCalls(ResponsesFormat.INSTANCE, relay);
        FeedbackHandler feedback = new FeedbackHandler(context.events(), context.metrics(), context.clock());
        LabelsHandler labels = new LabelsHandler(context.events(), context.metrics(), context.clock(),
                context.experiments()::labelScale);
        ModelsHandler models = new ModelsHandler(context.experiments(), context.started());
        AdminHandler admin = new AdminHandler(context.experiments(), context.posteriors(), context.events(),
                context.clock());

        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes());
        ClientAuth clients = context.clientAuth();
        var requests = clients.allowing(ClientPermission.REQUESTS);
        // Vert.x reads the body first (bounded by max_body_bytes), then the key is checked.
        router.post("/v1/chat/completions").handler(body).handler(requests).handler(chat::handle);
        router.post("/v1/responses").handler(body).handler(requests).handler(responses::handle);
        router.post("/v1/feedback").handler(body).handler(clients.allowing(ClientPermission.FEEDBACK))
                .handler(feedback::handle);
        router.post("/v1/labels").handler(body).handler(clients.allowing(ClientPermission.LABELS))
                .handler(labels::handle);
        router.get("/v1/models").handler(requests).handler(models::list);
        router.get("/v1/models/:model").handler(requests).handler(models::retrieve);
        router.get("/v1/alerts").handler(requests).handler(new AlertsHandler(context.alerts())::handle);
        router.get("/healthz").handler(this::health);
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(context.prometheus()));
        router.route("/admin/*").handler(new AdminAuth(context.adminToken())::handle);
        router.get("/admin/experiments").handler(admin::list);
        router.get("/admin/experiments/:name").handler(admin::show);
        router.put("/admin/experiments/:name").handler(body).handler(admin::replace);
        router.post("/admin/experiments/:name/arms/:arm/pause").handler(body).handler(admin::pause);
        router.post("/admin/experiments/:name/arms/:arm/resume").handler(body).handler(admin::resume);
        router.post("/admin/experiments/:name/rollback").handler(body).handler(admin::rollback);
        router.post("/admin/experiments/:name/restore").handler(body).handler(admin::restore);
        router.route().last().handler(this::notFound);
        router.route().failureHandler(this::failure);

        return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(port)
                        .setIdleTimeout((int) clientIdleTimeout(settings).toMillis())
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                .invalidRequestHandler(InvalidRequests::answer)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    /**
     * How long a connection may sit without a byte either way before the router closes it, so
     * idle and half-sent connections cannot pile up. It outlasts the longest wait the router
     * itself imposes on an app (the upstream's timeout, or its silence within a stream), so a
     * request in flight is never cut by it. It is never shorter than {@code MIN_CLIENT_IDLE}:
     * clients reuse a pooled connection without probing it for a few seconds (OkHttp, under the
     * official Java SDK, for 10 s), and a connection closed within that time fails their request.
     */
    static Duration clientIdleTimeout(RouterSettings settings) {
        Duration longestWait = settings.upstream().timeout().compareTo(settings.upstream().idleTimeout()) >= 0
                ? settings.upstream().timeout() : settings.upstream().idleTimeout();
        Duration idle = longestWait.plus(CLIENT_IDLE_MARGIN);
        return idle.compareTo(MIN_CLIENT_IDLE) >= 0 ? idle : MIN_CLIENT_IDLE;
    }

    private ModelCallHandler modelCalls(ApiFormat format, CompletionRelay relay) {
        return new ModelCallHandler(format, context.experiments(), context.assignments(), relay, context.events(),
                context.metrics(), settings.unknownModels(), context.clock());
    }

    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return Future.join(server == null ? Future.succeededFuture() : server.close(), upstream.close());
    }

    /** Alive, with what the jobs gave up on: feedback and labels that never met their decision or score. */
    private void health(RoutingContext ctx) {
        var body = JsonNodeFactory.instance.objectNode().put("status", "ok");
        body.putObject("unmatched")
                .put("rewards", context.deadLetters().unmatchedRewards())
                .put("labels", context.deadLetters().unmatchedLabels());
        body.putObject("late").put("rewards", context.deadLetters().lateRewards());
        Responses.json(ctx.response(), 200, body);
    }

    /** Ready when Kafka takes events and every other check (the embedded jobs, say) passes; else 503 with why. */
    private void ready(RoutingContext ctx) {
        List<String> problems = new java.util.ArrayList<>();
        if (!context.events().healthy()) {
            problems.add("kafka unavailable");
        }
        for (var check : context.readiness()) {
            check.problem().ifPresent(problems::add);
        }
        var body = JsonNodeFactory.instance.objectNode()
                .put("status", problems.isEmpty() ? "ready" : String.join("; ", problems))
                .put("experiments", context.experiments().all().size());
        problems.forEach(body.putArray("problems")::add);
        Responses.json(ctx.response(), problems.isEmpty() ? 200 : 503, body);
    }

    private void notFound(RoutingContext ctx) {
        String path = ctx.request().path();
        String allowed = METHODS.stream().filter(m -> m.matches(path)).map(AllowedMethods::methods).findFirst()
                .orElse(null);
        if (allowed != null) {
            ctx.response().putHeader("allow", allowed);
            Responses.error(ctx.response(), ApiError.methodNotAllowed(ctx.request().method().name(), path));
            return;
        }
        Responses.error(ctx.response(), ApiError.notFound("No route for " + ctx.request().method() + " "
                + path + ".", null, "unknown_url"));
    }

    private void failure(RoutingContext ctx) {
        if (ctx.failure() != null && ctx.statusCode() != 413 && !ctx.request().isEnded()) {
            unreadableBody(ctx);
            return;
        }
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

    /**
     * The codec failed inside the body (a broken chunk, say). Vert.x closes the connection as soon
     * as this handler returns, dropping writes not yet flushed, so the answer is flushed by closing
     * the connection ourselves, which writes out what is pending first.
     */
    private void unreadableBody(RoutingContext ctx) {
        Throwable cause = ctx.failure().getCause() != null ? ctx.failure().getCause() : ctx.failure();
        ctx.response().putHeader("connection", "close");
        Responses.error(ctx.response(), ApiError.invalidRequest("The request body could not be read as HTTP"
                + (cause.getMessage() == null ? "." : ": " + cause.getMessage()), null, "bad_request"));
        ctx.request().connection().close();
    }

    /** The paths a route answers, and its methods. */
    private record AllowedMethods(java.util.regex.Pattern paths, String methods) {
        static AllowedMethods exact(String path, String methods) {
            return new AllowedMethods(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(path)), methods);
        }

        /** Every path one segment below a prefix. */
        static AllowedMethods below(String prefix, String methods) {
            return matching(java.util.regex.Pattern.quote(prefix) + "[^/]+", methods);
        }

        static AllowedMethods matching(String regex, String methods) {
            return new AllowedMethods(java.util.regex.Pattern.compile(regex), methods);
        }

        boolean matches(String requested) {
            return paths.matcher(requested).matches();
        }
    }
}
