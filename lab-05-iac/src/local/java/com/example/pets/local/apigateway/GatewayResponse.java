package com.example.pets.local.apigateway;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The stage's gateway responses: what API Gateway answers itself, before or instead of the function, shaped as the
 * API's one error shape (RFC 9457 problem details, {@code application/problem+json}) instead of API Gateway's
 * default {@code {"message": ...}}. From lab-05 on the CDK stack ({@code PetsRestApi}) deploys the same types with
 * the same template, and both projects' tests pin the same field list.
 *
 * <p>A gateway response body is a mapping template with simple {@code $context} substitution, no VTL
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html, read
 * 2026-12-05). So it carries only what is safe to paste into JSON: {@code $context.error.messageString}, the
 * message already quoted, as {@code detail}, and {@code $context.requestId} (a UUID, also sent as {@code
 * x-amzn-RequestId}) as {@code instance} and {@code correlation_id}, the name the app's problems use from lab-02 on.
 * The request path is left out: nothing would escape a quote in it.
 *
 * <p>Each type with a fixed status (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html,
 * read 2026-12-05) has it, with its reason phrase as {@code title}. {@code DEFAULT_4XX} and {@code DEFAULT_5XX}
 * cover answers of varying status, such as the 502 for a failed or malformed function response, and no template
 * variable holds the status ({@code $context.status} is for access logs only): their problems leave out
 * {@code status} and {@code title}, which RFC 9457 allows, rather than state a wrong one.
 */
public enum GatewayResponse {
    /** A method the {@code ANY} methods do not cover. */
    MISSING_AUTHENTICATION_TOKEN(403, "Forbidden", "Missing Authentication Token"),
    /** The stage's throttling. */
    THROTTLED(429, "Too Many Requests", "Too Many Requests"),
    /** No answer from the function within the 29 s integration timeout. */
    INTEGRATION_TIMEOUT(504, "Gateway Timeout", "Endpoint request timed out"),
    DEFAULT_4XX(null, null, null),
    DEFAULT_5XX(null, null, null);

    /** The members of the problem of a type with a fixed status; the defaults' lack {@code title} and {@code status}. */
    public static final List<String> FIELDS =
            List.of("type", "title", "status", "detail", "instance", "correlation_id");

    public static final String CONTENT_TYPE = "application/problem+json";

    private final Integer status;
    private final String title;
    private final String message;

    GatewayResponse(Integer status, String title, String message) {
        this.status = status;
        this.title = title;
        this.message = message;
    }

    /** The body template, as the stack deploys it. */
    public String template() {
        var statusAndTitle = status == null ? "" : "\"title\":\"" + title + "\",\"status\":" + status + ",";
        return "{\"type\":\"about:blank\"," + statusAndTitle + "\"detail\":$context.error.messageString,"
                + "\"instance\":\"urn:uuid:$context.requestId\",\"correlation_id\":\"$context.requestId\"}";
    }

    /** This type's answer with API Gateway's message, e.g. 429 "Too Many Requests". */
    public GatewayAnswer answer(String requestId) {
        if (status == null) {
            throw new IllegalStateException(this + " has no fixed status");
        }
        return answer(status, message, requestId);
    }

    /** The answer to a request: the template with the message and the request id put in, as API Gateway does. */
    public GatewayAnswer answer(int status, String message, String requestId) {
        var body = template()
                .replace(
                        "$context.error.messageString",
                        TextNode.valueOf(message).toString())
                .replace("$context.requestId", requestId);
        return new GatewayAnswer(
                status, List.of(Map.entry("Content-Type", CONTENT_TYPE)), body.getBytes(StandardCharsets.UTF_8));
    }
}
