package com.example.pets.pets;

/** The body of {@code PATCH /pets/{id}}: the fields to change. Fields left out, or sent
 * as {@code null}, keep their value. */
public record PetChanges(String name, PetKind kind) {

    public boolean isEmpty() {
        return name == null && kind == null;
    }
}
