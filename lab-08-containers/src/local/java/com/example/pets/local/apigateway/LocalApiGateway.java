package com.example.pets.local.apigateway;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.local.LocalPets;
import com.example.pets.system.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * API Gateway on a laptop, like {@code sam local start-api} without Docker: {@code ./mvnw compile exec:java@api}
 * serves {@code http://localhost:3000/prod/...}, turns each request into the REST proxy event the deployed API sends,
 * invokes {@link StreamLambdaHandler} in this JVM, and answers the way API Gateway does. What the stage is
 * configured with (binary media types, compression, throttling) comes from {@link RestApiSettings}.
 *
 * <p>The gateway answers some requests itself, before or instead of the function, with the stage's
 * {@link GatewayResponse gateway responses}: problem details like the app's errors. A method the {@code ANY} methods
 * do not cover (403), the stage's throttling (429), the 29 s integration timeout (504), and a function that fails,
 * answers with no proxy response or runs into its own 15 s timeout, which comes first (502). A path outside the
 * stage (403) is refused before any stage applies, with API Gateway's default {@code {"message": "Forbidden"}}, and
 * so is a body over 10 MB (413 {@code {"message": "Request Too Long"}}), whose gateway response REST APIs cannot
 * customize ("Amazon API Gateway important notes"). A body the client stops sending gets the same shape from this
 * gateway (400 when the connection ends, 408 when it goes quiet): the function never sees it, and AWS does not
 * document what API Gateway itself answers there.
 */
public final class LocalApiGateway implements AutoCloseable {

    /** What {@code ANY} covers in a REST API. */
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** "Total combined size of request line and header values: 10240 bytes" (REST API quotas). */
    private static final int MAX_HEADER_BYTES = 10240;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where Lambda's Java runtime puts the invocation's trace header (also {@code _X_AMZN_TRACE_ID}), read by the
     * X-Ray SDK and OpenTelemetry's propagator: the function's trace continues the gateway's. Lambda's header names a
     * parent (the function's segment in X-Ray) and a sampling decision; so does this one, with a made-up parent id,
     * since OpenTelemetry's propagator takes no header without a parent.
     */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    /**
     * This JVM is one execution environment, and Lambda sends an environment one invocation at a time: the runtime's
     * trace header property belongs to the invocation in progress. Requests that overlap take turns here, so none
     * reads another's header; a timed-out invocation keeps its turn until it stops.
     */
    private static final Semaphore ONE_ENVIRONMENT = new Semaphore(1, true);

    private final RestApiSettings settings;
    private final LambdaInvoker function;
    private final Duration integrationTimeout;
    /** The function's own timeout (the stack's 15 s): Lambda stops it there, before API Gateway's 29 s. */
    private volatile Duration functionTimeout = LocalLambdaContext.TIMEOUT;
    /** One bucket per method, as the stage's method settings apply: {@code ANY /} and {@code ANY /{proxy+}}. */
    private final Map<String, Throttle> throttles;

    private final Clock clock;
    private final ExecutorService invocations = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "lambda-invocation");
        thread.setDaemon(true);
        return thread;
    });
    private Server server;

    LocalApiGateway(RestApiSettings settings, LambdaInvoker function, Duration integrationTimeout, Clock clock) {
        this.settings = settings;
        this.function = function;
        this.integrationTimeout = integrationTimeout;
        this.clock = clock;
        this.throttles = Map.of(
                "/", new Throttle(settings.throttlingBurstLimit(), settings.throttlingRateLimit(), clock),
                "/{proxy+}", new Throttle(settings.throttlingBurstLimit(), settings.throttlingRateLimit(), clock));
    }

    /** Starts a gateway on {@code port} (0 picks a free one) in front of {@code function}. */
    public static LocalApiGateway start(int port, RestApiSettings settings, LambdaInvoker function) throws IOException {
        return start(port, settings, function, RestApiSettings.INTEGRATION_TIMEOUT, Clock.systemUTC());
    }

    static LocalApiGateway start(
            int port, RestApiSettings settings, LambdaInvoker function, Duration integrationTimeout, Clock clock)
            throws IOException {
        var gateway = new LocalApiGateway(settings, function, integrationTimeout, clock);
        gateway.listen(port);
        return gateway;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The function's timeout, shortened by tests. */
    void functionTimeout(Duration timeout) {
        functionTimeout = timeout;
    }

    /** How long a request may go quiet before the gateway gives up on it: Jetty's 30 s, shortened by tests. */
    void idleTimeout(Duration timeout) {
        ((ServerConnector) server.getConnectors()[0]).setIdleTimeout(timeout.toMillis());
    }

    /** Where the stage is served, e.g. {@code http://localhost:3000/prod}. */
    public String stageUrl() {
        return "http://localhost:" + port() + "/" + settings.stage();
    }

    /** One request through the gateway, as the HTTP listener runs it. */
    public GatewayAnswer handle(IncomingRequest request) {
        if (ProxyRequestEvent.pathInStage(request.rawPath(), settings.stage()).isEmpty()) {
            return GatewayAnswer.ofGateway(403, "Forbidden");
        }
        var requestId = UUID.randomUUID().toString();
        if (request.body().length > RestApiSettings.MAX_PAYLOAD_BYTES) {
            // API Gateway's own answer: its REST APIs cannot customize this gateway response (REQUEST_TOO_LARGE).
            return withHeader(GatewayAnswer.ofGateway(413, "Request Too Long"), "x-amzn-RequestId", requestId);
        }
        var refusal = refusal(request);
        if (refusal.isPresent()) {
            return withHeader(refusal.get().answer(requestId), "x-amzn-RequestId", requestId);
        }

        var traceHeader = Optional.ofNullable(request.header("X-Amzn-Trace-Id"))
                .filter(value -> value.startsWith("Root="))
                .orElseGet(() -> {
                    var bits = new byte[12];
                    RANDOM.nextBytes(bits);
                    return ProxyRequestEvent.newTraceId(clock.instant(), bits);
                });
        byte[] event;
        try {
            event = Json.mapper()
                    .writeValueAsBytes(
                            ProxyRequestEvent.from(request, settings, requestId, traceHeader, clock.instant()));
        } catch (IOException e) {
            return withHeader(
                    GatewayResponse.DEFAULT_5XX.answer(500, "Internal server error", requestId),
                    "x-amzn-RequestId",
                    requestId);
        }

        var invocation = invocations.submit(() -> {
            ONE_ENVIRONMENT.acquire();
            System.setProperty(TRACE_HEADER_PROPERTY, lambdaTraceHeader(traceHeader));
            try {
                return function.invoke(event, new LocalLambdaContext(functionTimeout));
            } finally {
                System.clearProperty(TRACE_HEADER_PROPERTY);
                ONE_ENVIRONMENT.release();
            }
        });
        // A function that throws, or answers with no proxy response, is a 502 "Internal server error". So is one that
        // Lambda stops at its own timeout; the 504 is for a function that outlasts the integration timeout instead.
        var failed = GatewayResponse.DEFAULT_5XX.answer(502, "Internal server error", requestId);
        var functionFirst = functionTimeout.compareTo(integrationTimeout) < 0;
        var wait = functionFirst ? functionTimeout : integrationTimeout;
        GatewayAnswer answer;
        try {
            answer = ProxyResponse.toAnswer(invocation.get(wait.toMillis(), TimeUnit.MILLISECONDS), request, settings)
                    .orElse(failed);
        } catch (TimeoutException e) {
            invocation.cancel(true);
            answer = functionFirst ? failed : GatewayResponse.INTEGRATION_TIMEOUT.answer(requestId);
        } catch (ExecutionException e) {
            answer = failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = failed;
        }
        answer = withHeader(answer, "x-amzn-RequestId", requestId);
        return answer.header("X-Amzn-Trace-Id") == null ? withHeader(answer, "X-Amzn-Trace-Id", traceHeader) : answer;
    }

    /**
     * The header as Lambda's runtime hands it over: with a parent, 16 hex digits (the client's, or a made-up one for
     * the gateway's own segment when the client sent none or a malformed one), and a sampling decision.
     */
    static String lambdaTraceHeader(String traceHeader) {
        if (traceHeader.matches(".*;Parent=[0-9a-f]{16}(;.*)?")) {
            return traceHeader;
        }
        var parent = new byte[8];
        RANDOM.nextBytes(parent);
        var root = traceHeader.replaceAll(";Parent=[^;]*", "");
        return root + ";Parent=" + HexFormat.of().formatHex(parent) + (root.contains(";Sampled=") ? "" : ";Sampled=1");
    }

    /** Why the gateway answers a request in the stage itself, before the function runs; empty when it does not. */
    private Optional<GatewayResponse> refusal(IncomingRequest request) {
        if (!METHODS.contains(request.method())) {
            return Optional.of(GatewayResponse.MISSING_AUTHENTICATION_TOKEN);
        }
        var root = ProxyRequestEvent.pathInStage(request.rawPath(), settings.stage())
                .orElseThrow()
                .equals("/");
        if (!throttles.get(root ? "/" : "/{proxy+}").tryAcquire()) {
            return Optional.of(GatewayResponse.THROTTLED);
        }
        return Optional.empty();
    }

    private static GatewayAnswer withHeader(GatewayAnswer answer, String name, String value) {
        var headers = new ArrayList<>(answer.headers());
        headers.add(Map.entry(name, value));
        return new GatewayAnswer(answer.status(), headers, answer.body());
    }

    private void listen(int port) throws IOException {
        var http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        server = new Server();
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Listener());
        server.setErrorHandler(new GatewayErrorHandler());
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("Could not start the local API Gateway", e);
        }
    }

    @Override
    public void close() {
        invocations.shutdownNow();
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            // Stopping is best effort: the JVM is usually about to exit.
        }
    }

    /** The HTTP side: reads a request off the socket, runs it through {@link #handle} and writes the answer. */
    private final class Listener extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            var headers = new ArrayList<Map.Entry<String, String>>();
            request.getHeaders().forEach(field -> headers.add(Map.entry(field.getName(), field.getValue())));
            var uri = request.getHttpURI();
            byte[] body;
            if (request.getLength() > RestApiSettings.MAX_PAYLOAD_BYTES) {
                body = new byte[RestApiSettings.MAX_PAYLOAD_BYTES + 1];
            } else {
                try (InputStream in = Request.asInputStream(request)) {
                    body = in.readNBytes(RestApiSettings.MAX_PAYLOAD_BYTES + 1);
                } catch (IOException e) {
                    if (!(e.getCause() instanceof TimeoutException)) {
                        throw e; // A body cut short by the client: Jetty's 400, in GatewayErrorHandler
                    }
                    // The body stopped arriving until the idle timeout ran out: the client's doing, not a 500.
                    return write(request, response, callback, GatewayAnswer.ofGateway(408, "Request Timeout"));
                }
            }
            var incoming = new IncomingRequest(
                    request.getMethod(),
                    uri.getPath(),
                    uri.getQuery(),
                    headers,
                    body,
                    Request.getRemoteAddr(request),
                    uri.getScheme() == null ? "http" : uri.getScheme(),
                    Request.getLocalPort(request));

            return write(request, response, callback, LocalApiGateway.this.handle(incoming));
        }

        private boolean write(Request request, Response response, Callback callback, GatewayAnswer answer) {
            response.setStatus(answer.status());
            answer.headers().forEach(header -> response.getHeaders().add(header.getKey(), header.getValue()));
            if (request.getMethod().equals("HEAD")) {
                // GET's length, not the 0 of the empty body sent (RFC 9110, 9.3.2); none on a 204 or 304.
                if (answer.status() != 204 && answer.status() != 304) {
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
                }
                callback.succeeded();
            } else {
                response.write(true, ByteBuffer.wrap(answer.body()), callback);
            }
            return true;
        }
    }

    /**
     * Requests Jetty refuses before the gateway reads them get API Gateway's default JSON, not Jetty's HTML: like a
     * path outside the stage, they never reach a stage whose gateway responses could apply.
     */
    private static final class GatewayErrorHandler extends ErrorHandler {

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(
                Request request, Response response, int status, String message, Throwable cause, Callback callback) {
            // A request line that is not HTTP/1.x (a bare LF, HTTP/0.9) is Jetty's 505; it is the client's mistake.
            var code = status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : status;
            var answer = GatewayAnswer.ofGateway(code, HttpStatus.getMessage(code));
            response.setStatus(code);
            answer.headers().forEach(header -> response.getHeaders().put(header.getKey(), header.getValue()));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    /**
     * {@code ./mvnw compile exec:java@api}: DynamoDB Local in memory (or {@code AWS_ENDPOINT_URL_DYNAMODB}), the
     * function, and the gateway on {@code PORT} (3000), so it can run beside the Javalin server on 7070.
     */
    public static void main(String[] args) throws Exception {
        var port = Integer.parseInt(Optional.ofNullable(System.getenv("PORT")).orElse("3000"));
        if (!isFree(port)) {
            // Before DynamoDB Local starts: its threads would keep Maven waiting after the error.
            System.err.println("Port " + port + " is in use: set PORT=... to use another.");
            System.exit(1);
        }
        var handler = new StreamLambdaHandler(LocalPets.start(Optional.empty()).app("pets"));
        var gateway = start(port, RestApiSettings.PETS_API, LambdaInvoker.of(handler));
        var url = gateway.stageUrl();
        System.out.println("Local API Gateway (REST API, stage " + RestApiSettings.PETS_API.stage() + ") on " + url
                + ", invoking StreamLambdaHandler in this JVM");
        System.out.println("  pets:    " + url + "/pets");
        System.out.println("  docs:    " + url + "/docs");
        System.out.println("Press Ctrl+C to stop.");
    }

    private static boolean isFree(int port) {
        try (var socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
