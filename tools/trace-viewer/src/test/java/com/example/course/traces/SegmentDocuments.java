package com.example.course.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded segment documents in src/test/resources/segments, and the datagrams the SDK would make of them. */
final class SegmentDocuments {

    static final String CREATE_PET = "create-pet.json";
    static final String GET_MISSING_PET = "get-missing-pet.json";
    static final String FAIL = "fail.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SegmentDocuments() {}

    /** A fresh, editable copy of a recorded document. */
    static ObjectNode load(String name) {
        try (var in = SegmentDocuments.class.getResourceAsStream("/segments/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No segment document " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the SDK's UDP emitter sends: the header line, a newline, the document on one line. */
    static byte[] datagram(ObjectNode document) {
        return ("{\"format\": \"json\", \"version\": 1}\n" + document).getBytes(StandardCharsets.UTF_8);
    }
}
