package com.example.pets.container;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What an orchestrator asks a container. {@code GET /health}: is the process alive and serving? It touches nothing
 * else, so it stays cheap and a DynamoDB outage never makes it fail: the load balancer's health check uses it, because
 * a check that follows a shared dependency would mark every task unhealthy at once and have them all replaced, which
 * cures nothing. {@code GET /ready}: can it do its job right now? It asks DynamoDB for the table's description (a
 * control-plane call that reads no item and costs nothing) and says 503 when that fails; a person or a script that
 * asks whether this instance can reach its table now gets the answer there. From SIGTERM on, the server itself
 * answers every new request, a probe too, with a 503 ({@link ContainerServer}).
 */
public final class Probes {

    private static final Logger log = LoggerFactory.getLogger(Probes.class);

    /**
     * A probe's answer comes within a second, a Kubernetes probe's default timeout, retries included: a request
     * gets three tries of up to a second each, which a probe cannot wait for, and a slow DynamoDB is not ready.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public Probes(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public void register(JavalinConfig config) {
        // HEAD too, with the same handlers: a HEAD /ready must say 503 when GET would, not Javalin's bare 200.
        config.routes.get("/health", this::health).head("/health", this::health);
        config.routes.get("/ready", this::ready).head("/ready", this::ready);
    }

    private void health(Context ctx) {
        ctx.json(new Status("UP"));
    }

    private void ready(Context ctx) {
        try {
            dynamoDb.describeTable(request ->
                    request.tableName(tableName).overrideConfiguration(call -> call.apiCallTimeout(PATIENCE)));
            ctx.json(new Status("READY"));
        } catch (SdkException e) {
            log.atWarn()
                    .setMessage("Not ready: DynamoDB did not answer")
                    .addKeyValue("exception_name", e.getClass().getName())
                    .addKeyValue("exception_message", e.getMessage())
                    .log();
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(new Status("DYNAMODB_UNAVAILABLE"));
        }
    }

    /** The body of both checks. */
    record Status(String status) {}
}
