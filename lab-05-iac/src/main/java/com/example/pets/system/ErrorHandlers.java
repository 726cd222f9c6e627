package com.example.pets.system;

import com.example.pets.storage.StorageUnavailableException;
import com.example.pets.system.Problem.FieldError;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves the API as a {@link Problem}. Client mistakes get a 4xx that says what to change; server
 * faults get a 5xx that says nothing about the inside of the server. No response ever carries a stack trace.
 */
public final class ErrorHandlers {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandlers.class);

    /** A %-escape that is not two hex digits, such as {@code %u0041}: no path parameter can be decoded from it. */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private ErrorHandlers() {}

    /** {@code maxRequestBytes}: the body size limit, named in the answer to a body over it. */
    public static void register(RoutesConfig routes, long maxRequestBytes) {
        // Refused up front with a 400: a broken %-escape (java.net.URLDecoder, decoding path parameters, throws a
        // 500), and If-None-Match on a write (Javalin answers 304 when it names the ETag, even to a stored write).
        routes.before(ctx -> {
            if (BROKEN_ESCAPE.matcher(ctx.path()).find()) {
                throw new BadRequestResponse("The path has a '%' that does not start a %-escape. Send '%' as %25.");
            }
            if (ctx.header(Header.IF_NONE_MATCH) != null
                    && !List.of("GET", "HEAD").contains(ctx.method().name())) {
                throw new BadRequestResponse("If-None-Match is for reads; to write conditionally, send If-Match.");
            }
        });
        routes.exception(ValidationException.class, (e, ctx) -> validation(e, ctx, maxRequestBytes));
        routes.exception(StorageUnavailableException.class, ErrorHandlers::storageUnavailable);
        routes.exception(HttpResponseException.class, (e, ctx) -> httpResponse(e, ctx, maxRequestBytes));
        routes.exception(Exception.class, ErrorHandlers::unexpected);
    }

    private static void validation(ValidationException e, Context ctx, long maxRequestBytes) {
        var fieldErrors = e.getErrors().entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().flatMap(error -> describe(ctx, entry.getKey(), error)))
                .toList();
        // A body too large to read surfaces inside the validator; it is a 413, not a validation error.
        e.getErrors().values().stream()
                .flatMap(List::stream)
                .map(ValidationError::exception)
                .filter(HttpResponseException.class::isInstance)
                .findFirst()
                .ifPresentOrElse(
                        tooLarge -> httpResponse((HttpResponseException) tooLarge, ctx, maxRequestBytes),
                        () -> respond(ctx, HttpStatus.BAD_REQUEST, "The request has invalid values.", fieldErrors));
    }

    private static Stream<FieldError> describe(Context ctx, String field, ValidationError<?> error) {
        if (error.exception() instanceof JsonProcessingException json) {
            // Jackson stops at the first problem; the client gets all of them, to fix in one go.
            return JsonErrors.describeAll(ctx.body(), json).stream();
        }
        return Stream.of(describe(field, error));
    }

    private static FieldError describe(String field, ValidationError<?> error) {
        if (error.getMessage().equals("TYPE_CONVERSION_FAILED")) {
            return new FieldError(field, "'" + error.value + "' is not a valid " + field);
        }
        var name = field.equals("REQUEST_BODY") ? JsonErrors.BODY : field;
        // Javalin names some failures with a code, such as a body of `null`: turn the code into a sentence.
        if (error.getMessage().matches("[A-Z_]+")) {
            return new FieldError(
                    name,
                    name.equals(JsonErrors.BODY) ? "the request body must be a JSON object" : "has an invalid value");
        }
        return new FieldError(name, error.getMessage());
    }

    private static void storageUnavailable(StorageUnavailableException e, Context ctx) {
        // Expected now and then, and retried by clients: a warning with the cause, not an error with a stack.
        log.atWarn()
                .setMessage("DynamoDB unavailable, answering 503")
                .addKeyValue("cause", String.valueOf(e.getCause()))
                .log();
        ErrorListener.of(ctx).failed(e, false);
        ctx.header(Header.RETRY_AFTER, "1");
        respond(ctx, HttpStatus.SERVICE_UNAVAILABLE, "The pet store is unavailable. Try again shortly.", null);
    }

    private static void httpResponse(HttpResponseException e, Context ctx, long maxRequestBytes) {
        var status = HttpStatus.forStatus(e.getStatus());
        var details = e.getDetails(); // a 405 names the allowed methods, under a key that depends on the Accept header
        var allowed = details.getOrDefault("availableMethods", details.get("Available methods"));
        if (allowed != null) {
            ctx.header(Header.ALLOW, allowed); // RFC 9110 asks for it on a 405
        }
        var detail =
                switch (status) {
                    case NOT_FOUND ->
                        e instanceof EndpointNotFound
                                ? "There is no " + ctx.method() + " " + ctx.path() + ". The routes are listed at "
                                        + BasePath.of(ctx) + "/docs."
                                : e.getMessage();
                    case METHOD_NOT_ALLOWED ->
                        ctx.method() + " is not allowed on " + ctx.path() + ". Allowed: "
                                + (allowed != null ? allowed : "see the docs") + ".";
                    case CONTENT_TOO_LARGE ->
                        "The request body is larger than " + maxRequestBytes / 1024 + " KiB. Send a smaller body.";
                    default -> e.getMessage();
                };
        respond(ctx, status, detail, null);
    }

    private static void unexpected(Exception e, Context ctx) {
        // The one place an unhandled exception is logged: at ERROR, with its stack trace as a field.
        log.error("Unhandled exception", e);
        ErrorListener.of(ctx).failed(e, true);
        respond(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "The server failed to handle the request.", null);
    }

    public static void respond(Context ctx, HttpStatus status, String detail, List<FieldError> errors) {
        var problem = Problem.of(status.getCode(), status.getMessage(), detail, BasePath.of(ctx) + ctx.path())
                .withErrors(errors);
        ctx.status(status).json(ErrorListener.of(ctx).answering(problem)).contentType(Problem.CONTENT_TYPE);
    }
}
