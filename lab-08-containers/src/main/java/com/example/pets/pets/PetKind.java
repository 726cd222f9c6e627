package com.example.pets.pets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of pet the API accepts. A closed list keeps data clean and dashboards readable. */
public enum PetKind {
    DOG,
    CAT,
    BIRD,
    FISH,
    RABBIT,
    HAMSTER,
    REPTILE,
    OTHER;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value();
    }

    /**
     * Reads a kind from JSON: exactly one of the values. Jackson's own enum reading trims first, so {@code " dog"} or
     * a dog after a NUL character would pass as {@code dog}.
     */
    @JsonCreator
    public static PetKind fromJson(String value) {
        return Arrays.stream(values())
                .filter(kind -> kind.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a kind of pet"));
    }

    public static PetKind fromValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static List<String> allValues() {
        return Arrays.stream(values()).map(PetKind::value).toList();
    }
}
