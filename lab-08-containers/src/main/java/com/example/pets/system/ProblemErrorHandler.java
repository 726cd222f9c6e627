package com.example.pets.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before Javalin sees them (an ambiguous URI, oversized headers) still get the API's
 * problem document instead of Jetty's HTML page, or no body at all. Only the local server runs Jetty; on Lambda
 * this is unused.
 */
public class ProblemErrorHandler extends ErrorHandler {

    /** Jetty writes error bodies for GET, POST and HEAD only; a refused PATCH or DELETE deserves one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback)
            throws IOException {
        // Jetty answers a request line it cannot read as HTTP/1.x (a bare LF, HTTP/0.9, an unknown version) with
        // 505. The mistake is the client's: a 400, so that it never counts as a fault of the server.
        var code = status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : status;
        response.setStatus(code);
        var detail = code >= 500 || message == null
                ? "The server failed to handle the request."
                : "The request could not be read: " + message + ".";
        var problem = Problem.of(
                code, HttpStatus.getMessage(code), detail, request.getHttpURI().getPath());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(Json.mapper().writeValueAsBytes(problem)), callback);
    }
}
