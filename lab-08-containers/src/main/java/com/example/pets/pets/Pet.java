package com.example.pets.pets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A stored pet. {@code version} starts at 1 and grows by one with every change: it is the pet's ETag, so a client
 * can say "update only if nobody changed it since I read it".
 */
public record Pet(
        String id, String name, PetKind kind, Instant createdAt, Instant updatedAt, @JsonIgnore long version) {

    public static final int MAX_NAME_LENGTH = 100;

    public String etag() {
        return "\"" + version + "\"";
    }
}
