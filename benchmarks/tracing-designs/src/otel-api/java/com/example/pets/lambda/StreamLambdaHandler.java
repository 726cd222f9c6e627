package com.example.pets.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * The same spans through the OpenTelemetry API alone. A Java agent supplies everything else: the SDK behind
 * {@link GlobalOpenTelemetry}, the Lambda instrumentation (a span per invocation, continuing the runtime's trace
 * header, flushed before the invocation returns) and the AWS SDK instrumentation (the DynamoDB span).
 */
public final class StreamLambdaHandler implements RequestStreamHandler {

    private final Tracer tracer = GlobalOpenTelemetry.getTracer("pets-api");
    private final PetWrites pets =
            new PetWrites(ClientOverrideConfiguration.builder().build());

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var event = PetWrites.readEvent(input);
        var request = tracer.spanBuilder("POST /pets").startSpan();
        try (var requestScope = request.makeCurrent()) {
            request.setAttribute("http.route", "/pets");
            var repository = tracer.spanBuilder("PetRepository.save").startSpan();
            String id;
            try (var repositoryScope = repository.makeCurrent()) {
                id = pets.save(event);
            } finally {
                repository.end();
            }
            PetWrites.answerCreated(id, output);
        } finally {
            request.end();
        }
    }
}
