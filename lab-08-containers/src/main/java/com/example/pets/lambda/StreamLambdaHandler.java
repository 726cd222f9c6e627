package com.example.pets.lambda;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.pets.PetsApp;
import com.example.pets.observability.Observability;
import com.example.pets.pets.DynamoDbPetRepository;
import com.example.pets.storage.DynamoDbClients;
import com.example.pets.system.Json;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda entry point: {@code com.example.pets.lambda.StreamLambdaHandler::handleRequest}. Lambda creates one
 * instance per execution environment, so the app, the servlet container and the DynamoDB client are built once, in
 * the constructor, and reused by every invocation. If that fails the constructor throws and Lambda starts over.
 */
public class StreamLambdaHandler implements RequestStreamHandler, Resource {

    private static final Logger log = LoggerFactory.getLogger(StreamLambdaHandler.class);

    private final JavalinLambdaContainerHandler handler;
    private final Observability observability;

    public StreamLambdaHandler() {
        this(PetsApp.create(new DynamoDbPetRepository(DynamoDbClients.forLambda(), requiredEnv("TABLE_NAME"))));
        // With SnapStart, Lambda calls beforeCheckpoint once, before it snapshots this initialised environment.
        Core.getGlobalContext().register(this);
    }

    public StreamLambdaHandler(Javalin app) {
        handler = new JavalinLambdaContainerHandler(app);
        observability = Observability.of(app);
        try {
            handler.initialize();
        } catch (ContainerInitializationException e) {
            throw new IllegalStateException("Could not start the Pets API", e);
        }
        log.info("Pets API ready for Lambda invocations");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        observability.invocation(context, () -> handler.proxyStream(input, output, context));
    }

    /**
     * SnapStart priming: runs one real request (a one-item page of pets) through the whole app before the snapshot,
     * so the snapshot holds loaded classes, warm JSON mappers and an opened DynamoDB connection, not cold code. It
     * bypasses {@link #handleRequest}, so the first invocation after a restore still counts as the cold start.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        var response = new ByteArrayOutputStream();
        try (var event = StreamLambdaHandler.class.getResourceAsStream("/priming-event.json")) {
            handler.proxyStream(event, response, new PrimingContext());
        }
        observability.beforeSnapshot();
        log.atInfo()
                .setMessage("Primed for SnapStart")
                .addKeyValue(
                        "status",
                        Json.mapper()
                                .readTree(response.toByteArray())
                                .path("statusCode")
                                .asInt())
                .log();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // The DynamoDB client re-resolves credentials by itself after a restore; the span exporter needs a new HTTP
        // client, or the first invocation's spans would go to the connection the snapshot held (RestoreExportTest).
        observability.afterRestore();
    }

    private static String requiredEnv(String name) {
        var value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set the environment variable " + name);
        }
        return value;
    }
}
