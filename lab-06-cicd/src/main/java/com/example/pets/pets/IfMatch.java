package com.example.pets.pets;

import java.util.Arrays;
import java.util.Optional;

/**
 * Reads {@code If-Match} and {@code If-None-Match} (RFC 9110, 13.1). Our ETags are strong and hold the pet's version,
 * e.g. {@code "3"}. No If-Match or {@code *} means "whatever is stored"; anything naming no version we issued expects
 * version -1, which never matches, empty too.
 */
final class IfMatch {

    private IfMatch() {}

    static Optional<Long> expectedVersion(String header) {
        if (header == null || header.strip().equals("*")) {
            return Optional.empty();
        }
        var tag = header.strip();
        return Optional.of(tag.matches("\"[0-9]{1,18}\"") ? Long.parseLong(tag.replace("\"", "")) : -1);
    }

    /** If-None-Match: {@code *} or a list of tags, compared weakly (a cache may have made ours {@code W/"3"}). */
    static boolean noneMatchNames(String header, String etag) {
        return header != null
                && Arrays.stream(header.split(","))
                        .map(tag -> tag.strip().replaceFirst("^W/", ""))
                        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
