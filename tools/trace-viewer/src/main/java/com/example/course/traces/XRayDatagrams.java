package com.example.course.traces;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the X-Ray SDK sends to the daemon. One UDP datagram holds a header line, a newline and one JSON
 * document: a segment, or a subsegment sent on its own ({@code "type": "subsegment"} with {@code parent_id}).
 */
public final class XRayDatagrams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private XRayDatagrams() {}

    /**
     * The document in {@code length} bytes of {@code data} from {@code offset}.
     *
     * @throws IllegalArgumentException saying what is wrong, when the bytes are not an X-Ray datagram
     */
    public static JsonNode parse(byte[] data, int offset, int length) {
        return parse(new String(data, offset, length, StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String datagram) {
        var newline = datagram.indexOf('\n');
        if (newline < 0) {
            throw malformed("no header line", datagram);
        }
        var header = read(datagram.substring(0, newline), datagram);
        if (!"json".equals(header.path("format").asText())
                || header.path("version").asInt() != 1) {
            throw malformed("the header is not {\"format\": \"json\", \"version\": 1}", datagram);
        }
        var document = read(datagram.substring(newline + 1), datagram);
        for (var field : new String[] {"trace_id", "id", "name"}) {
            if (document.path(field).asText().isBlank()) {
                throw malformed("the document has no \"" + field + "\"", datagram);
            }
        }
        return document;
    }

    private static JsonNode read(String json, String datagram) {
        try {
            // One document a datagram: anything after it would otherwise be dropped without a word.
            var node = JSON.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(json);
            if (node == null || !node.isObject()) {
                throw malformed("expected a JSON object", datagram);
            }
            return node;
        } catch (JacksonException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")", datagram);
        }
    }

    private static IllegalArgumentException malformed(String reason, String datagram) {
        // A short excerpt is enough to recognise what was sent to the port by mistake.
        var excerpt = datagram.length() > 60 ? datagram.substring(0, 60) + "..." : datagram;
        return new IllegalArgumentException("Not an X-Ray datagram, " + reason + ": "
                + excerpt.replace("\n", "\\n").replace("\r", "\\r"));
    }
}
