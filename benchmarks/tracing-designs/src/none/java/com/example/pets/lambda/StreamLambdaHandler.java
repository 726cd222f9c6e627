package com.example.pets.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** No tracing: the cost of the handler and its DynamoDB call alone. */
public final class StreamLambdaHandler implements RequestStreamHandler {

    private final PetWrites pets =
            new PetWrites(ClientOverrideConfiguration.builder().build());

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var id = pets.save(PetWrites.readEvent(input));
        PetWrites.answerCreated(id, output);
    }
}
