package com.example.pets.system;

import com.example.pets.system.Problem.FieldError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns a JSON reading failure into a message a person can act on. Jackson's own messages name Java classes and
 * positions in our code; clients get the field and what it should be instead.
 */
final class JsonErrors {

    static final String BODY = "body";

    private JsonErrors() {}

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
