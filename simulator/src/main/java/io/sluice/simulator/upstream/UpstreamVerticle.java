package io.sluice.simulator.upstream;

import io.sluice.simulator.world.SimulatorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated upstream's HTTP server: OpenAI's {@code POST /v1/chat/completions} and
 * {@code POST /v1/responses} (each plain and streaming) and {@code GET /v1/models}. Both answering
 * endpoints read their request into the same conversation and simulate it alike; only the wire
 * shapes differ. Every wait is a timer on the event loop, so one instance serves many slow
 * simulated calls at once without a thread per call.
 */
public final class UpstreamVerticle extends VerticleBase {
    private static final long BODY_LIMIT_BYTES = 8L * 1024 * 1024;

    private final SimulatorConfig config;
    private final Clock clock;
    private final String host;
    private final int requestedPort;
    private final CompletionSimulator simulator;
    private final ReceivedRequests received;
    private HttpServer server;

    public UpstreamVerticle(SimulatorConfig config, Clock clock, String host, int port) {
        this.config = config.requireValid();
        this.clock = clock;
        this.host = host;
        this.requestedPort = port;
        this.simulator = new CompletionSimulator(config, clock);
        this.received = new ReceivedRequests(config.receivedLogCapacity());
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.post(Endpoint.CHAT_COMPLETIONS.path())
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(this::chatCompletions);
        router.post(Endpoint.RESPONSES.path())
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(this::responses);
        router.get("/v1/models").handler(this::listModels);
        router.errorHandler(404, this::notFound);
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(413, this::tooLarge);
        router.errorHandler(500, this::internalError);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort))
                .requestHandler(router)
                .listen()
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port the server listens on; only valid once deployed. */
    public int actualPort() {
        if (server == null) {
            throw new IllegalStateException("not listening yet");
        }
        return server.actualPort();
    }

    public ReceivedRequests received() {
        return received;
    }

    /** What decides the answers, the simulated judges' drift schedules among it. */
    public CompletionSimulator simulator() {
        return simulator;
    }

    private void chatCompletions(RoutingContext ctx) {
        RequestReading reading = ChatRequest.read(bodyOf(ctx));
        if (!(reading instanceof ChatRequest chat)) {
            refuse(ctx, (OpenAiError) reading);
            return;
        }
        SimulatedCompletion completion = simulateAndRecord(ctx, Endpoint.CHAT_COMPLETIONS, chat, chat.parameters());
        HttpServerResponse response = ctx.response();
        if (answeredWithError(ctx, completion)) {
            return;
        }
        if (chat.stream()) {
            CompletionStream.of(vertx, response, ChatCompletionJson.streamed(completion, chat.includeUsage()),
                    completion).start(requestId(completion));
        } else {
            after(completion.latency(),
                    () -> sendJson(response, completion, ChatCompletionJson.completion(completion)));
        }
    }

    private void responses(RoutingContext ctx) {
        RequestReading reading = ResponsesRequest.read(bodyOf(ctx));
        if (!(reading instanceof ResponsesRequest asked)) {
            refuse(ctx, (OpenAiError) reading);
            return;
        }
        SimulatedCompletion completion = simulateAndRecord(ctx, Endpoint.RESPONSES, asked.asChat(),
                asked.parameters());
        HttpServerResponse response = ctx.response();
        if (answeredWithError(ctx, completion)) {
            return;
        }
        if (asked.stream()) {
            CompletionStream.of(vertx, response, ResponsesJson.streamed(completion, asked), completion)
                    .start(requestId(completion));
        } else {
            after(completion.latency(),
                    () -> sendJson(response, completion, ResponsesJson.response(completion, asked)));
        }
    }

    /** A body that did not read as a request; OpenAI checks the key before it reads the body. */
    private void refuse(RoutingContext ctx, OpenAiError unreadable) {
        String authorization = ctx.request().getHeader("Authorization");
        respond(ctx.response(), authorized(authorization) ? unreadable : OpenAiError.invalidApiKey(authorization));
    }

    /**
     * Simulates the answer even for a caller that will be refused, so that every request is
     * recorded with the variant it would have met.
     */
    private SimulatedCompletion simulateAndRecord(RoutingContext ctx, Endpoint endpoint, ChatRequest chat,
                                                  JsonNode parameters) {
        HttpServerRequest request = ctx.request();
        String authorization = request.getHeader("Authorization");
        SimulatedCompletion completion = simulator.simulate(chat);
        int status = !authorized(authorization) ? 401 : completion.failed() ? 500 : 200;
        received.record(new ReceivedRequest(clock.instant(), endpoint, chat.model(), chat.systemPrompts(),
                chat.messages(), parameters, authorization, headersOf(request), chat.stream(), completion.variant(),
                status));
        return completion;
    }

    /** Answers a wrong key with 401 and a simulated failure with 500 (after its latency); true if it did. */
    private boolean answeredWithError(RoutingContext ctx, SimulatedCompletion completion) {
        String authorization = ctx.request().getHeader("Authorization");
        if (!authorized(authorization)) {
            respond(ctx.response(), OpenAiError.invalidApiKey(authorization));
            return true;
        }
        if (completion.failed()) {
            after(completion.latency(), () -> respond(ctx.response(), OpenAiError.serverError()));
            return true;
        }
        return false;
    }

    private void listModels(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (!authorized(authorization)) {
            respond(ctx.response(), OpenAiError.invalidApiKey(authorization));
            return;
        }
        ctx.response()
                .putHeader("content-type", "application/json")
                .end(ChatCompletionJson.models(config.listedModels(), clock.instant().getEpochSecond()));
    }

    private void notFound(RoutingContext ctx) {
        respond(ctx.response(), OpenAiError.notFound(ctx.request().method().name(), ctx.request().path()));
    }

    private void methodNotAllowed(RoutingContext ctx) {
        respond(ctx.response(), OpenAiError.methodNotAllowed(ctx.request().method().name(), ctx.request().path()));
    }

    private void tooLarge(RoutingContext ctx) {
        respond(ctx.response(), OpenAiError.tooLarge());
    }

    private void internalError(RoutingContext ctx) {
        respond(ctx.response(), OpenAiError.serverError());
    }

    private boolean authorized(String authorization) {
        String expected = config.expectedApiKey();
        return expected == null || ("Bearer " + expected).equals(authorization);
    }

    private void after(Duration delay, Runnable action) {
        long ms = delay.toMillis();
        if (ms < 1) {
            action.run();
        } else {
            vertx.setTimer(ms, fired -> action.run());
        }
    }

    private static byte[] bodyOf(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }

    private static void sendJson(HttpServerResponse response, SimulatedCompletion completion, String json) {
        if (!response.closed()) {
            response.putHeader("content-type", "application/json")
                    .putHeader("x-request-id", requestId(completion))
                    .end(json);
        }
    }

    private static void respond(HttpServerResponse response, OpenAiError error) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(error.status())
                .putHeader("content-type", "application/json")
                .end(error.toJson());
    }

    private static String requestId(SimulatedCompletion completion) {
        return "req_" + completion.uniquePart();
    }

    private static Map<String, String> headersOf(HttpServerRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return headers;
    }
}
