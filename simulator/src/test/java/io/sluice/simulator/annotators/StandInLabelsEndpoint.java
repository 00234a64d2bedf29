package io.sluice.simulator.annotators;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Stands in for the router's {@code POST /v1/labels}: records each body and answers with a set status. */
final class StandInLabelsEndpoint implements AutoCloseable {
    record Posted(JsonNode body, String authorization) {}

    private final Vertx vertx = Vertx.vertx();
    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private final int status;
    private final Duration delay;
    private HttpServer server;

    StandInLabelsEndpoint(int status, Duration delay) {
        this.status = status;
        this.delay = delay;
    }

    StandInLabelsEndpoint start() throws Exception {
        Router router = Router.router(vertx);
        router.post("/v1/labels").handler(BodyHandler.create(false)).handler(this::label);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    List<Posted> posted() {
        return List.copyOf(posted);
    }

    private void label(RoutingContext ctx) {
        posted.add(new Posted(SluiceJson.fromJson(ctx.body().asString(), JsonNode.class),
                ctx.request().getHeader("Authorization")));
        if (delay.isZero()) {
            ctx.response().setStatusCode(status).end();
        } else {
            vertx.setTimer(delay.toMillis(), t -> ctx.response().setStatusCode(status).end());
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
