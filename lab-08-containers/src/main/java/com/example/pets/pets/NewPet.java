package com.example.pets.pets;

/** The body of {@code POST /pets}. A field sent as {@code null} counts as left out. */
public record NewPet(String name, PetKind kind) {}
