package com.example.pets.support;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Header fields an answer carries more than once. HTTP lets a sender repeat a field only where the lines can be
 * combined into one list, and {@code Set-Cookie}, whose lines cannot (RFC 9110, section 5.3). A second {@code Date}
 * is neither: the answer is invalid, and some proxies refuse it. The test clients check every answer with this.
 */
public final class RepeatedHeaders {

    /** The one field this API might legitimately send twice: each cookie is a line of its own. */
    private static final Set<String> MAY_REPEAT = Set.of("set-cookie");

    private RepeatedHeaders() {}

    /** The repeated fields, as {@code name: values}, from headers grouped by name (java.net.http's view). */
    public static List<String> in(Map<String, List<String>> headers) {
        return headers.entrySet().stream()
                .filter(field -> field.getValue().size() > 1)
                .filter(field -> !MAY_REPEAT.contains(field.getKey().toLowerCase(Locale.ROOT)))
                .map(field -> field.getKey() + ": " + field.getValue())
                .toList();
    }

    /** The same, from the field lines as they came off the wire. */
    public static List<String> inLines(List<Map.Entry<String, String>> lines) {
        return in(lines.stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey,
                        () -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER),
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList()))));
    }

    /** Fails with the fields an answer repeats, if any. */
    public static void assertNone(List<String> repeated, int status) {
        if (!repeated.isEmpty()) {
            throw new AssertionError("A " + status + " answer repeats header fields: " + repeated);
        }
    }
}
