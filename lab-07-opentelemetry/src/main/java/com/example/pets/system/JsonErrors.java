package com.example.pets.system;

import com.example.pets.system.Problem.FieldError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a JSON reading failure into a message a person can act on. Jackson's own messages name Java classes and
 * positions in our code; clients get the field and what it should be instead.
 */
final class JsonErrors {

    static final String BODY = "body";

    private JsonErrors() {}

    /**
     * Every problem of a body that Jackson stopped reading at the first one: each unknown field and each value of the
     * wrong type or not on the list, in the order of the body. A body that is not a JSON object gets the first alone.
     */
    static List<FieldError> describeAll(String body, JsonProcessingException first) {
        var type = target(first);
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException | RuntimeException notJson) {
            tree = null;
        }
        if (type.isEmpty() || tree == null || !tree.isObject()) {
            return List.of(describe(first));
        }
        var properties = properties(type.get());
        var allowed = properties.keySet().stream().sorted().collect(Collectors.joining(", "));
        var problems = new ArrayList<FieldError>();
        for (var field : tree.properties()) {
            var name = field.getKey();
            var propertyType = properties.get(name);
            if (propertyType == null) {
                problems.add(new FieldError(name, "unknown field '" + name + "'; allowed fields: " + allowed));
            } else if (!field.getValue().isNull()) {
                try {
                    Json.mapper().readerFor(propertyType).readValue(field.getValue());
                } catch (JsonMappingException wrong) {
                    problems.add(new FieldError(name, "must be " + expected(propertyType.getRawClass(), wrong)));
                } catch (IOException | RuntimeException unreadable) {
                    problems.add(new FieldError(name, "has an invalid value"));
                }
            }
        }
        return problems.isEmpty() ? List.of(describe(first)) : problems;
    }

    /** The class Jackson was reading when it stopped, when the failure says so. */
    private static Optional<Class<?>> target(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return Optional.ofNullable(unknown.getReferringClass());
        }
        if (e instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()
                && mapping.getPath().get(0).getFrom() != null) {
            var from = mapping.getPath().get(0).getFrom();
            return Optional.of(from instanceof Class<?> type ? type : from.getClass());
        }
        return Optional.empty();
    }

    /** The JSON names of a type's fields, with their types, as the API's mapper reads them. */
    private static Map<String, JavaType> properties(Class<?> type) {
        var config = Json.mapper().getDeserializationConfig();
        var properties = new LinkedHashMap<String, JavaType>();
        for (var property : config.introspect(config.constructType(type)).findProperties()) {
            properties.put(property.getName(), property.getPrimaryType());
        }
        return properties;
    }

    static FieldError describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            var allowed = unknown.getKnownPropertyIds().stream()
                    .map(Object::toString)
                    .sorted()
                    .collect(Collectors.joining(", "));
            return new FieldError(
                    field(unknown), "unknown field '" + unknown.getPropertyName() + "'; allowed fields: " + allowed);
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                var empty = mismatch.getOriginalMessage().startsWith("No content");
                return new FieldError(
                        BODY,
                        empty
                                ? "the request body is empty; send a JSON object"
                                : "the request body must be a JSON object");
            }
            return new FieldError(field(mismatch), "must be " + expected(mismatch.getTargetType(), mismatch));
        }
        if (e instanceof ValueInstantiationException refused
                && !refused.getPath().isEmpty()) {
            // A value a type's own factory turned down, such as a kind of pet that is not on the list.
            return new FieldError(
                    field(refused), "must be " + expected(refused.getType().getRawClass(), refused));
        }
        if (e instanceof StreamReadException parse) {
            var where = parse.getLocation() == null
                    ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column "
                            + parse.getLocation().getColumnNr();
            return new FieldError(
                    BODY,
                    "the request body is not valid JSON" + where + ": " + firstClause(parse.getOriginalMessage()));
        }
        return new FieldError(BODY, "the request body could not be read as JSON");
    }

    /** Jackson's first clause says what is wrong; the rest describes its parser's internals. */
    private static String firstClause(String message) {
        return message.split(": |\n")[0];
    }

    private static String expected(Class<?> type, JsonMappingException e) {
        if (type != null && type.isEnum()) {
            var values =
                    Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
            return "one of: " + values;
        }
        if (type == String.class) {
            return "a string";
        }
        if (e instanceof InvalidFormatException) {
            return "a valid value";
        }
        return "a value of another type";
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
