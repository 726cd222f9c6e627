package com.example.pets.pets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code next_token} of a list response: where the next page starts. Clients pass it back unchanged.
 * Anything that does not decode to a pet id is refused, so a tampered token is a 400, never a 500. A token that
 * decodes to another valid id is harmless: it only moves where the scan starts.
 */
public final class PageToken {

    private static final String PREFIX = "after:";

    private PageToken() {}

    public static String encode(String lastId) {
        var text = PREFIX + lastId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The id the next page starts after, or empty for the first page. */
    public static Optional<String> decode(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidPageTokenException();
        }
        var id = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : null;
        if (!PetIds.isValid(id)) {
            throw new InvalidPageTokenException();
        }
        return Optional.of(id);
    }

    public static class InvalidPageTokenException extends RuntimeException {
        public InvalidPageTokenException() {
            super("next_token is not a token this API issued. Pass back the next_token of the previous page"
                    + " unchanged, or leave it out to start from the first page.");
        }
    }
}
