package com.example.pets.system;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

public final class JsonBodies {

    private JsonBodies() {}

    /**
     * Request bodies are JSON, and JSON is UTF-8 (RFC 8259). Another media type or charset is a 415 rather than a
     * guess at what it means; bytes that are not UTF-8 are a 400, not names full of replacement characters.
     */
    public static void requireJson(Context ctx) {
        // Parsed here, as sent: the Lambda adapter throws on a quoted or spaced charset, which Jetty reads as UTF-8.
        var parts =
                (ctx.header(Header.CONTENT_TYPE) + "").toLowerCase(Locale.ROOT).split(";");
        var charsets = Arrays.stream(parts).skip(1).map(String::strip).filter(part -> part.startsWith("charset="));
        if (!parts[0].strip().equals("application/json") || !charsets.allMatch("charset=utf-8"::equals)) {
            throw new HttpResponseException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "Send the body as JSON in UTF-8 with the header 'Content-Type: application/json'.");
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(read(ctx)));
        } catch (CharacterCodingException notUtf8) {
            throw new ValidationException(
                    Map.of(JsonErrors.BODY, List.of(new ValidationError<>("the request body is not valid UTF-8"))));
        }
    }

    /**
     * The body, or a 4xx when the client stops sending it halfway: the connection ends before the Content-Length
     * (an end of stream), or stays silent past the server's idle timeout. Javalin passes the first on as a 500 and
     * answers the second with an empty 408, so both are told here, where the body is read.
     */
    private static byte[] read(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Jetty's IOException, which Javalin's Kotlin throws undeclared
            if (e instanceof EOFException) {
                throw new BadRequestResponse("The request body ended before the length its Content-Length gave.");
            }
            if (e.getCause() instanceof TimeoutException) {
                throw new HttpResponseException(
                        HttpStatus.REQUEST_TIMEOUT.getCode(),
                        "The request body stopped arriving before it was complete. Send it in one go.");
            }
            throw new IllegalStateException("Reading the request body failed", e);
        }
    }
}
