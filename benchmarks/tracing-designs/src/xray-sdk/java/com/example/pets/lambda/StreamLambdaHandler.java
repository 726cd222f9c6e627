package com.example.pets.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * lab-04..06's design: on Lambda the recorder continues the runtime's trace header (a facade segment), the
 * handler and repository are subsegments, the interceptor adds the DynamoDB subsegment, and each finished
 * subsegment goes to the daemon as a UDP datagram.
 */
public final class StreamLambdaHandler implements RequestStreamHandler {

    private final PetWrites pets = new PetWrites(ClientOverrideConfiguration.builder()
            .addExecutionInterceptor(new TracingInterceptor())
            .build());

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var event = PetWrites.readEvent(input);
        var request = AWSXRay.beginSubsegment("POST /pets");
        try {
            request.putAnnotation("route", "POST /pets");
            var repository = AWSXRay.beginSubsegment("PetRepository.save");
            String id;
            try {
                id = pets.save(event);
            } finally {
                AWSXRay.endSubsegment();
            }
            PetWrites.answerCreated(id, output);
        } finally {
            AWSXRay.endSubsegment();
        }
    }
}
