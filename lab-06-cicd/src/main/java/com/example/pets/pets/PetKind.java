package com.example.pets.pets;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

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
        return name().toLowerCase();
    }

    @Override
    public String toString() {
        return value();
    }

    public static PetKind fromValue(String value) {
        return valueOf(value.toUpperCase());
    }

    public static List<String> allValues() {
        return Arrays.stream(values()).map(PetKind::value).toList();
    }
}
