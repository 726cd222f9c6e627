package com.example.pets.support;

import com.example.pets.system.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Lambda does with a line of application output when the function uses the JSON log format, as documented in
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html:
 *
 * <ul>
 *   <li>a JSON object's {@code level} member gives its level (TRACE, DEBUG, INFO, WARN, ERROR or FATAL; the page's own
 *       example writes it in lower case);
 *   <li>a missing or invalid {@code level} makes the line INFO;
 *   <li>a {@code timestamp} that is missing or not RFC 3339 makes the line INFO as well (Lambda adds its own time);
 *   <li>lines below the function's application log level are not sent to CloudWatch Logs.
 * </ul>
 *
 * A line that is not a JSON object has no {@code level} member at all, so it counts as INFO too.
 */
public final class LambdaJsonLogFormat {

    /** The application log levels, most detailed first. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    private LambdaJsonLogFormat() {}

    /** Why Lambda would not read this line as written; empty when it reads its level and timestamp as they are. */
    public static List<String> problems(String line) {
        var problems = new ArrayList<String>();
        var json = object(line);
        if (json.isEmpty()) {
            problems.add("not one JSON object on one line");
            return problems;
        }
        var level = json.get().path("level");
        if (!level.isTextual() || !LEVELS.contains(level.asText())) {
            problems.add("no recognised level: " + level);
        }
        var timestamp = json.get().path("timestamp");
        if (!timestamp.isTextual() || !isRfc3339(timestamp.asText())) {
            problems.add("no RFC 3339 timestamp: " + timestamp);
        }
        return problems;
    }

    /** The level Lambda gives the line. */
    public static String assignedLevel(String line) {
        var json = object(line);
        if (json.isEmpty()) {
            return "INFO";
        }
        var timestamp = json.get().path("timestamp");
        if (!timestamp.isTextual() || !isRfc3339(timestamp.asText())) {
            return "INFO";
        }
        var level = json.get().path("level").asText().toUpperCase(Locale.ROOT);
        return LEVELS.contains(level) ? level : "INFO";
    }

    /** Whether the line reaches CloudWatch Logs under this application log level. */
    public static boolean survives(String line, String applicationLogLevel) {
        return LEVELS.indexOf(assignedLevel(line)) >= LEVELS.indexOf(applicationLogLevel);
    }

    public static boolean isRfc3339(String text) {
        if (!RFC_3339.matcher(text).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The line as a JSON object, if it is exactly one. */
    public static Optional<JsonNode> object(String line) {
        try {
            var node = Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(line);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
