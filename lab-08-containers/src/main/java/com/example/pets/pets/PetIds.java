package com.example.pets.pets;

import java.util.UUID;

/** Pet ids are random UUIDs in their canonical lower-case form; nothing else can name a pet. */
public final class PetIds {

    private PetIds() {}

    public static String next() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
