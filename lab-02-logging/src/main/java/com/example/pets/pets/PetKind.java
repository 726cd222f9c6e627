package com.example.pets.pets;

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

    public static PetKind fromValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static List<String> allValues() {
        return Arrays.stream(values()).map(PetKind::value).toList();
    }
}
