package com.example.pets.system;

import java.util.List;

/**
 * The one error shape of the API: RFC 9457 problem details, sent as {@code application/problem+json}. {@code
 * errors} lists field-level problems when a request fails validation; {@code correlation_id} finds the request's
 * log lines.
 */
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        String correlationId) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** A problem of the {@code about:blank} type: its title is the status's reason phrase. */
    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem("about:blank", title, status, detail, instance, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, correlationId);
    }

    public Problem withCorrelationId(String id) {
        return new Problem(type, title, status, detail, instance, errors, id);
    }

    public record FieldError(String field, String message) {}
}
