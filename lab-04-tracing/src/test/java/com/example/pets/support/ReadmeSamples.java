package com.example.pets.support;

import com.example.pets.system.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sample output blocks of a README, and the rule that says whether a run's output still shows them.
 *
 * <p>A sample is a fenced block right after a comment that names the commands it comes from, one a line:
 *
 * <pre>
 * &lt;!-- sample: output of
 * ./mvnw -pl lab-01-baseline compile exec:java
 * curl -s localhost:7070/fail
 * --&gt;
 * </pre>
 *
 * <p>It matches a run when each of its items (a line of text, or a JSON document, which may be wrapped over several
 * lines) is found in the run's output, in the same order, with other lines allowed in between. Values that differ
 * from run to run are masked on both sides first: ids, trace ids, timestamps, durations, ports. JSON objects must
 * have the same keys, in any order: the EMF library writes {@code Metrics} and {@code Dimensions} in the order the
 * JDK lists its getters, which is not fixed. A string or line that ends in {@code ...} matches anything that starts
 * with what comes before it.
 */
public final class ReadmeSamples {

    private static final Pattern MARKER = Pattern.compile("<!-- sample: output of\\s*\\n(.*?)-->", Pattern.DOTALL);
    private static final String ELLIPSIS = "...";

    private static final List<Mask> MASKS = List.of(
            new Mask("\u001B\\[[0-9;]*m", ""),
            new Mask("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"),
            new Mask("\\b1-[0-9a-f]{8}-[0-9a-f]{24}\\b", "<trace-id>"),
            new Mask("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<time>"),
            new Mask("\\b\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\b", "<time>"),
            new Mask("(localhost|127\\.0\\.0\\.1):\\d+", "$1:<port>"),
            new Mask("\\b\\d+(\\.\\d+)? ms\\b", "<n> ms"),
            new Mask("\"(\\w+_ms|Timestamp)\"(\\s*:\\s*)\"?[0-9.]+\"?", "\"$1\"$2\"<n>\""),
            new Mask("\\b(\\w+_ms)=\"?[0-9.]+\"?", "$1=<n>"));

    private ReadmeSamples() {}

    /** A sample block: where it is, the commands it comes from, and its lines. */
    public record Sample(String readme, int line, List<String> commands, List<String> lines) {

        @Override
        public String toString() {
            return readme + ":" + line + " (" + String.join(" + ", commands) + ")";
        }
    }

    public static List<Sample> in(Path readme) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var samples = new ArrayList<Sample>();
        var marker = MARKER.matcher(text);
        while (marker.find()) {
            var commands = marker.group(1)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            var rest = text.substring(marker.end()).lines().iterator();
            var lineNumber = (int) text.substring(0, marker.end()).lines().count();
            String fence = null;
            while (rest.hasNext() && fence == null) {
                var line = rest.next();
                lineNumber++;
                if (line.strip().startsWith("```")) {
                    fence = line;
                } else if (!line.isBlank()) {
                    throw new AssertionError(readme + ":" + lineNumber + ": a sample marker must be followed by a"
                            + " code block, found: " + line);
                }
            }
            if (fence == null) {
                throw new AssertionError(readme + ": a sample marker with no code block after it");
            }
            var indent = fence.indexOf("```");
            var lines = new ArrayList<String>();
            var start = lineNumber;
            while (true) {
                if (!rest.hasNext()) {
                    throw new AssertionError(readme + ":" + start + ": the sample's code block never closes");
                }
                var line = rest.next();
                if (line.strip().equals("```")) {
                    break;
                }
                lines.add(line.length() >= indent ? line.substring(indent) : line.strip());
            }
            samples.add(new Sample(readme.toString(), start, commands, lines));
        }
        return samples;
    }

    /** Empty when the output shows the sample; otherwise what is missing, for the failure message. */
    public static Optional<String> mismatch(Sample sample, List<String> output) {
        var wanted = items(sample.lines());
        var actual = items(output);
        var next = 0;
        for (var item : wanted) {
            var found = false;
            while (next < actual.size() && !found) {
                found = matches(item, actual.get(next));
                next++;
            }
            if (!found) {
                return Optional.of("The output does not show, after the sample's previous lines:\n  " + item.text()
                        + "\nMasked, the output was:\n  "
                        + String.join("\n  ", actual.stream().map(Item::text).toList()));
            }
        }
        return Optional.empty();
    }

    static String mask(String text) {
        var masked = text;
        for (var mask : MASKS) {
            masked = mask.pattern().matcher(masked).replaceAll(mask.replacement());
        }
        return masked;
    }

    /** Lines, with JSON documents that span several lines joined into one item. */
    static List<Item> items(List<String> lines) {
        var items = new ArrayList<Item>();
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
            var line = mask(it.next()).stripTrailing();
            if (line.isBlank()) {
                continue;
            }
            if (line.strip().startsWith("{")) {
                var document = new StringBuilder(line);
                var json = parse(document.toString());
                var taken = new ArrayList<String>();
                while (json == null && it.hasNext()) {
                    var more = mask(it.next()).stripTrailing();
                    taken.add(more);
                    document.append('\n').append(more);
                    json = parse(document.toString());
                }
                if (json != null) {
                    items.add(new Item(document.toString().strip(), json));
                    continue;
                }
                items.add(new Item(line.strip(), null));
                for (var other : taken) {
                    if (!other.isBlank()) {
                        items.add(new Item(other.strip(), null));
                    }
                }
                continue;
            }
            items.add(new Item(line.strip(), null));
        }
        return items;
    }

    private static JsonNode parse(String text) {
        try {
            var node = Json.mapper().readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static boolean matches(Item wanted, Item actual) {
        if (wanted.json() != null) {
            return actual.json() != null && matches(wanted.json(), actual.json());
        }
        return sameText(wanted.text(), actual.text());
    }

    private static boolean matches(JsonNode wanted, JsonNode actual) {
        if (wanted.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            var wantedNames = new HashSet<String>();
            wanted.fieldNames().forEachRemaining(wantedNames::add);
            var actualNames = new HashSet<String>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            return wantedNames.equals(actualNames)
                    && wantedNames.stream().allMatch(name -> matches(wanted.get(name), actual.get(name)));
        }
        if (wanted.isArray()) {
            if (!actual.isArray() || wanted.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (!matches(wanted.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isTextual() && actual.isTextual()) {
            return sameText(wanted.asText(), actual.asText());
        }
        return wanted.equals(actual);
    }

    private static boolean sameText(String wanted, String actual) {
        return wanted.endsWith(ELLIPSIS)
                ? actual.startsWith(wanted.substring(0, wanted.length() - ELLIPSIS.length()))
                : wanted.equals(actual);
    }

    record Item(String text, JsonNode json) {}

    private record Mask(Pattern pattern, String replacement) {
        Mask(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }
}
