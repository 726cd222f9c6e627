package com.example.pets.container;

import com.example.pets.system.ProblemErrorHandler;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers Jetty gives itself, before the app sees the request: a path it refuses (an encoded {@code ..}),
 * headers too large, a request line it cannot read, and, during the drain, a request on a connection kept alive.
 * They get the API's problem document, as on the local server; in a container that faces the internet they also get
 * a log line each, since the app's access line never sees them, and a 503 says when to try again.
 */
final class JettyAnswers extends ProblemErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(JettyAnswers.class);

    /** Enough to see what was tried, not so much that a client fills the log. */
    private static final int MAX_CHARS = 200;

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback)
            throws IOException {
        if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1"); // stopping: the load balancer has other tasks
        }
        var line = log.atInfo()
                .setMessage("Answered by the server, before the app")
                .addKeyValue("status", status);
        // A request Jetty could not read (an encoded "..", a broken request line) has no method or path of its own:
        // it calls it "BAD /badMessage".
        if (!"BAD".equals(request.getMethod())) {
            line = line.addKeyValue("method", bounded(request.getMethod()))
                    .addKeyValue(
                            "path", bounded(String.valueOf(request.getHttpURI().getPath())));
        }
        line.log();
        super.generateResponse(request, response, status, message, cause, callback);
    }

    private static String bounded(String text) {
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }
}
