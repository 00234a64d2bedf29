package io.sluice.simulator.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the Sluice router in tests of the user population: assigns each user one of the
 * arms by hashing the {@code Sluice-User} header, rewrites the request for that arm (its system
 * prompt, the upstream model, the router's own key), forwards it to the simulated upstream,
 * streams the answer back with the three {@code sluice-*} headers, and records feedback posts.
 */
final class StandInRouter implements AutoCloseable {
    static final String EXPERIMENT = "support-bot";
    static final String UPSTREAM_KEY = "sk-router-upstream";

    record Arm(String name, String systemPrompt) {}

    record Forwarded(String requestId, String arm, String userHeader, String conversationHeader, String userField,
                     boolean streaming, String authorization) {}

    record Feedback(JsonNode body, String authorization) {}

    record PostedLabel(String requestId, String annotator, int label) {}

    private final Vertx vertx = Vertx.vertx();
    private final SimulatedUpstream upstream;
    private final String upstreamModel;
    private final List<Arm> arms;
    private final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    private final List<Feedback> feedback = new CopyOnWriteArrayList<>();
    private final List<PostedLabel> labels = new CopyOnWriteArrayList<>();
    private final AtomicLong requestIds = new AtomicLong();
    private HttpClientAgent client;
    private HttpServer server;

    StandInRouter(SimulatedUpstream upstream, String upstreamModel, List<Arm> arms) {
        this.upstream = upstream;
        this.upstreamModel = upstreamModel;
        this.arms = arms;
    }

    StandInRouter start() throws Exception {
        client = vertx.createHttpClient();
        Router router = Router.router(vertx);
        router.post("/v1/chat/completions").handler(BodyHandler.create(false)).handler(this::chat);
        router.post("/v1/feedback").handler(BodyHandler.create(false)).handler(this::feedback);
        router.post("/v1/labels").handler(BodyHandler.create(false)).handler(this::label);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    List<Forwarded> forwarded() {
        return List.copyOf(forwarded);
    }

    List<Feedback> feedback() {
        return List.copyOf(feedback);
    }

    List<PostedLabel> labels() {
        return List.copyOf(labels);
    }

    static String armFor(String user, List<Arm> arms) {
        return arms.get(Math.floorMod(user.hashCode(), arms.size())).name();
    }

    private void chat(RoutingContext ctx) {
        ObjectNode body = (ObjectNode) SluiceJson.fromJson(ctx.body().asString(), JsonNode.class);
        String user = ctx.request().getHeader("Sluice-User");
        String armName = armFor(user, arms);
        Arm arm = arms.stream().filter(a -> a.name().equals(armName)).findFirst().orElseThrow();
        String requestId = "req-" + requestIds.incrementAndGet();
        boolean streaming = body.path("stream").asBoolean(false);
        forwarded.add(new Forwarded(requestId, arm.name(), user, ctx.request().getHeader("Sluice-Conversation"),
                body.path("user").asText(null), streaming, ctx.request().getHeader("Authorization")));

        ArrayNode messages = SluiceJson.mapper().createArrayNode();
        messages.addObject().put("role", "system").put("content", arm.systemPrompt());
        body.withArray("messages").forEach(m -> {
            if (!"system".equals(m.path("role").asText())) {
                messages.add(m);
            }
        });
        body.set("messages", messages);
        body.put("model", upstreamModel);

        HttpServerResponse response = ctx.response();
        client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1")
                        .setPort(upstream.port())
                        .setURI("/v1/chat/completions")
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Authorization", "Bearer " + UPSTREAM_KEY))
                .compose(request -> request.send(Buffer.buffer(body.toString())))
                .onSuccess(upstreamResponse -> {
                    response.setStatusCode(upstreamResponse.statusCode())
                            .setChunked(true)
                            .putHeader("Content-Type", upstreamResponse.getHeader("Content-Type"))
                            .putHeader("sluice-request-id", requestId)
                            .putHeader("sluice-experiment", EXPERIMENT)
                            .putHeader("sluice-arm", arm.name());
                    // Like the router, the answer's id becomes the request id, in every chunk. Only
                    // whole lines are rewritten, since a chunk may end inside an id.
                    String stamped = "\"id\":\"" + requestId + "\"";
                    StringBuilder pending = new StringBuilder();
                    upstreamResponse.handler(chunk -> {
                        pending.append(chunk);
                        int lineEnd = pending.lastIndexOf("\n") + 1;
                        if (lineEnd > 0 && !response.closed()) {
                            response.write(stamp(pending.substring(0, lineEnd), stamped));
                            pending.delete(0, lineEnd);
                        }
                    });
                    upstreamResponse.endHandler(end -> {
                        if (!response.closed()) {
                            response.end(stamp(pending.toString(), stamped));
                        }
                    });
                    // A user who hangs up mid-stream must stop the relay, or it writes into a closed response.
                    response.closeHandler(closed -> upstreamResponse.request().reset());
                })
                .onFailure(e -> response.setStatusCode(502).end());
    }

    private static String stamp(String text, String stampedId) {
        return text.replaceAll("\"id\":\"chatcmpl-[^\"]*\"", stampedId);
    }

    private void feedback(RoutingContext ctx) {
        feedback.add(new Feedback(SluiceJson.fromJson(ctx.body().asString(), JsonNode.class),
                ctx.request().getHeader("Authorization")));
        ctx.response().setStatusCode(202).end();
    }

    private void label(RoutingContext ctx) {
        JsonNode body = SluiceJson.fromJson(ctx.body().asString(), JsonNode.class);
        labels.add(new PostedLabel(body.get("request_id").asText(), body.get("annotator").asText(),
                body.get("label").asInt()));
        ctx.response().setStatusCode(202).end();
    }

    @Override
    public void close() throws Exception {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        closed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
