package com.example.pets.lambda;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.pets.PetsApp;
import com.example.pets.pets.DynamoDbPetRepository;
import com.example.pets.storage.DynamoDbClients;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point: {@code com.example.pets.lambda.StreamLambdaHandler::handleRequest}. Lambda creates one
 * instance per execution environment, so the app, the servlet container and the DynamoDB client are built once, in
 * the constructor, and reused by every invocation. If that fails the constructor throws and Lambda starts over.
 */
public class StreamLambdaHandler implements RequestStreamHandler {

    private final JavalinLambdaContainerHandler handler;

    public StreamLambdaHandler() {
        this(PetsApp.create(new DynamoDbPetRepository(DynamoDbClients.forLambda(), requiredEnv("TABLE_NAME"))));
    }

    public StreamLambdaHandler(Javalin app) {
        handler = new JavalinLambdaContainerHandler(app);
        try {
            handler.initialize();
        } catch (ContainerInitializationException e) {
            throw new IllegalStateException("Could not start the Pets API", e);
        }
        System.out.println("Pets API ready for Lambda invocations");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        System.out.println("Invocation " + context.getAwsRequestId());
        handler.proxyStream(input, output, context);
    }

    private static String requiredEnv(String name) {
        var value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set the environment variable " + name);
        }
        return value;
    }
}
