package com.example.pets.local.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Calls the function with an event, the way Lambda's runtime calls a {@code RequestStreamHandler}. */
@FunctionalInterface
public interface LambdaInvoker {

    byte[] invoke(byte[] event, Context context) throws IOException;

    static LambdaInvoker of(RequestStreamHandler handler) {
        return (event, context) -> {
            var output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), output, context);
            return output.toByteArray();
        };
    }
}
