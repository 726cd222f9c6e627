package com.example.course.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns OpenTelemetry spans into the segment documents the rest of the viewer reads, much as X-Ray itself shows
 * OpenTelemetry spans: a server span (or one without a parent) is a segment, every other span a subsegment; a span
 * with a 4xx {@code http.response.status_code} is an error, one with a 5xx or with status ERROR and no 4xx a fault; an
 * {@code exception} event is the cause. The attributes a span's {@code aws.xray.annotations} names, such as the
 * app's {@code correlation_id} and {@code route}, are shown as annotations, as X-Ray's exporter indexes them (it keeps
 * every other attribute as metadata); semantic-convention attributes fill the HTTP and AWS fields.
 */
final class OtlpSpans {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OtlpSpans() {}

    static List<JsonNode> toSegmentDocuments(ExportTraceServiceRequest request) {
        var documents = new ArrayList<JsonNode>();
        for (var resourceSpans : request.getResourceSpansList()) {
            for (var scopeSpans : resourceSpans.getScopeSpansList()) {
                for (var span : scopeSpans.getSpansList()) {
                    documents.add(toSegmentDocument(span));
                }
            }
        }
        return documents;
    }

    static JsonNode toSegmentDocument(Span span) {
        var document = JSON.objectNode();
        var traceId = HEX.formatHex(span.getTraceId().toByteArray());
        // X-Ray's form of the same 128 bits: version, then the first 32 bits, then the other 96.
        document.put("trace_id", "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8));
        document.put("id", HEX.formatHex(span.getSpanId().toByteArray()));
        document.put("name", span.getName());
        document.put("start_time", span.getStartTimeUnixNano() / 1e9);
        document.put("end_time", span.getEndTimeUnixNano() / 1e9);
        var hasParent = !span.getParentSpanId().isEmpty();
        if (hasParent) {
            document.put("parent_id", HEX.formatHex(span.getParentSpanId().toByteArray()));
        }
        if (hasParent && span.getKind() != Span.SpanKind.SPAN_KIND_SERVER) {
            document.put("type", "subsegment");
        }
        var indexed = attribute(span, "aws.xray.annotations")
                .map(names -> names.getArrayValue().getValuesList().stream()
                        .map(AnyValue::getStringValue)
                        .toList())
                .orElse(List.of());
        var annotations = JSON.objectNode();
        for (var attribute : span.getAttributesList()) {
            if (indexed.contains(attribute.getKey())) {
                annotations.put(attribute.getKey(), text(attribute.getValue()));
            }
        }
        if (!annotations.isEmpty()) {
            document.set("annotations", annotations);
        }
        var status = attribute(span, "http.response.status_code").map(value -> (int) value.getIntValue());
        var method = attribute(span, "http.request.method").map(OtlpSpans::text);
        if (status.isPresent() || method.isPresent()) {
            var http = document.putObject("http");
            method.ifPresent(value -> http.putObject("request")
                    .put("method", value)
                    .put("url", attribute(span, "url.path").map(OtlpSpans::text).orElse("")));
            status.ifPresent(value -> http.putObject("response").put("status", value));
        }
        // As X-Ray's exporter decides: a 4xx is the caller's error, even on a span with status ERROR (a client span,
        // such as a DynamoDB call whose condition was refused); a 5xx, or ERROR without a status code, is a fault.
        var code = status.orElse(0);
        if (code >= 400 && code < 500) {
            document.put("error", true);
            document.put("throttle", code == 429);
        } else if (code >= 500 && code < 600 || span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            document.put("fault", true);
        }
        aws(span, document);
        span.getEventsList().stream()
                .filter(event -> event.getName().equals("exception"))
                .findFirst()
                .ifPresent(event -> {
                    var exception =
                            document.putObject("cause").putArray("exceptions").addObject();
                    for (var attribute : event.getAttributesList()) {
                        switch (attribute.getKey()) {
                            case "exception.type" -> exception.put("type", text(attribute.getValue()));
                            case "exception.message" -> exception.put("message", text(attribute.getValue()));
                            default -> {}
                        }
                    }
                });
        return document;
    }

    /** What the AWS SDK instrumentation records, in the fields X-Ray's AWS SDK subsegments use. */
    private static void aws(Span span, ObjectNode document) {
        var operation = attribute(span, "rpc.method").map(OtlpSpans::text);
        if (operation.isEmpty()) {
            return;
        }
        var aws = document.putObject("aws");
        aws.put("operation", operation.get());
        attribute(span, "aws.dynamodb.table_names")
                .filter(AnyValue::hasArrayValue)
                .filter(value -> value.getArrayValue().getValuesCount() > 0)
                .ifPresent(value ->
                        aws.put("table_name", value.getArrayValue().getValues(0).getStringValue()));
        attribute(span, "aws.request_id").map(OtlpSpans::text).ifPresent(id -> aws.put("request_id", id));
    }

    private static Optional<AnyValue> attribute(Span span, String key) {
        return span.getAttributesList().stream()
                .filter(attribute -> attribute.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst();
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString().strip();
        };
    }
}
