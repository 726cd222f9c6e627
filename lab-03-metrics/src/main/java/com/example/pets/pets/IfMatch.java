package com.example.pets.pets;

import java.util.Optional;

/**
 * Reads an {@code If-Match} header (RFC 9110). Our ETags are strong and hold the pet's version, e.g. {@code "3"}.
 * No header or {@code *} means "whatever is stored"; anything naming no version we issued never matches, empty too.
 */
final class IfMatch {

    static final long NEVER_MATCHES = -1;

    private IfMatch() {}

    static Optional<Long> expectedVersion(String header) {
        if (header == null || header.strip().equals("*")) {
            return Optional.empty();
        }
        var tag = header.strip();
        if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
            return Optional.of(NEVER_MATCHES);
        }
        try {
            return Optional.of(Long.parseLong(tag.substring(1, tag.length() - 1)));
        } catch (NumberFormatException e) {
            return Optional.of(NEVER_MATCHES);
        }
    }
}
