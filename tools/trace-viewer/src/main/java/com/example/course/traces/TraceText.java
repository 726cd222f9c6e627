package com.example.course.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** Draws a trace as an indented tree, one line per span. */
final class TraceText {

    private TraceText() {}

    static String render(Trace trace) {
        var text = new StringBuilder("Trace " + trace.id() + "  " + summary(trace) + "\n");
        appendTree(text, trace.roots(), "");
        return text.toString();
    }

    /** What a reader looks for first: which request, how it ended, how long it took. */
    private static String summary(Trace trace) {
        var parts = new StringJoiner(", ", "(", ")");
        trace.rootSegment().ifPresent(root -> {
            var request = root.document().path("http").path("request");
            var path = path(request.path("url").asText());
            // A trace that starts outside a request (the table created at start-up) is named by its first call.
            parts.add(
                    request.has("method") && !path.isEmpty()
                            ? request.path("method").asText() + " " + path
                            : root.name());
            root.httpStatus().ifPresent(status -> parts.add(String.valueOf(status)));
        });
        var duration = trace.durationMillis();
        parts.add(duration.isPresent() ? millis(duration.getAsDouble()) : "in progress");
        return parts.toString();
    }

    private static void appendTree(StringBuilder text, List<Span> spans, String indent) {
        for (var i = 0; i < spans.size(); i++) {
            var span = spans.get(i);
            var last = i == spans.size() - 1;
            text.append(indent).append(last ? "└─ " : "├─ ").append(line(span));
            if (indent.isEmpty() && !span.segment()) {
                text.append("  (parent ")
                        .append(span.document().path("parent_id").asText())
                        .append(" not received)");
            }
            appendTree(text.append('\n'), span.children(), indent + (last ? "   " : "│  "));
        }
    }

    private static String line(Span span) {
        var parts = new ArrayList<String>();
        parts.add(span.name());
        var duration = span.durationMillis();
        parts.add(duration.isPresent() ? millis(duration.getAsDouble()) : "(in progress)");
        if (!span.annotations().isEmpty()) {
            var annotations = new StringJoiner(", ", "[", "]");
            span.annotations().forEach((key, value) -> annotations.add(key + "=" + value));
            parts.add(annotations.toString());
        }
        span.aws("operation")
                .ifPresent(operation -> parts.add(operation
                        + span.aws("table_name").map(table -> " table=" + table).orElse("")));
        span.httpStatus().ifPresent(status -> parts.add("HTTP " + status));
        if (span.fault()) {
            parts.add("! fault (server error)");
        } else if (span.throttle()) {
            parts.add("! throttled");
        } else if (span.error()) {
            parts.add("! error (client error)");
        }
        span.exception().ifPresent(parts::add);
        return String.join("  ", parts);
    }

    private static String path(String url) {
        return url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "");
    }

    private static String millis(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
