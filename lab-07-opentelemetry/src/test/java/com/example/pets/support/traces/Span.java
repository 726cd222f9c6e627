package com.example.pets.support.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One segment or subsegment of a trace, with the subsegments that ran inside it.
 *
 * @param document the JSON the SDK sent, as sent
 * @param segment whether it is a segment (one service's work) rather than a subsegment (a step inside it)
 * @param children the subsegments directly inside it, in start order
 */
public record Span(JsonNode document, boolean segment, List<Span> children) {

    public String id() {
        return document.path("id").asText();
    }

    public String name() {
        return document.path("name").asText();
    }

    /** An unfinished span: the SDK sends one when it streams subsegments before their parent ends. */
    public boolean inProgress() {
        return document.path("in_progress").asBoolean() || !document.has("end_time");
    }

    /** X-Ray times are seconds since the epoch, with the fraction. */
    public OptionalDouble durationMillis() {
        return inProgress() ? OptionalDouble.empty() : OptionalDouble.of((endTime() - startTime()) * 1000);
    }

    double startTime() {
        return document.path("start_time").asDouble();
    }

    double endTime() {
        return document.path("end_time").asDouble();
    }

    /** The indexed key-values X-Ray can filter traces by, sorted by key. */
    public Map<String, String> annotations() {
        var annotations = new TreeMap<String, String>();
        for (var field : document.path("annotations").properties()) {
            annotations.put(field.getKey(), field.getValue().asText());
        }
        return annotations;
    }

    /** A 4xx: the caller's mistake. */
    public boolean error() {
        return document.path("error").asBoolean();
    }

    /** A 5xx: the service's own failure. */
    public boolean fault() {
        return document.path("fault").asBoolean();
    }

    /** A 429: refused for going too fast. */
    public boolean throttle() {
        return document.path("throttle").asBoolean();
    }

    public OptionalInt httpStatus() {
        var status = document.path("http").path("response").path("status");
        return status.isInt() ? OptionalInt.of(status.asInt()) : OptionalInt.empty();
    }

    /** A field the AWS SDK instrumentation records for an AWS call, such as {@code operation} or {@code table_name}. */
    public Optional<String> aws(String field) {
        var value = document.path("aws").path(field);
        return value.isValueNode() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The exception recorded here, as {@code SimpleName: message}. */
    public Optional<String> exception() {
        var exception = document.path("cause").path("exceptions").path(0);
        if (!exception.has("type") && !exception.has("message")) {
            return Optional.empty();
        }
        var type = exception.path("type").asText("Exception");
        var simpleName = type.substring(type.lastIndexOf('.') + 1);
        return Optional.of(
                exception.has("message")
                        ? simpleName + ": " + exception.path("message").asText()
                        : simpleName);
    }

    /** This span and every span inside it, depth first. */
    public Stream<Span> flatten() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(Span::flatten));
    }
}
