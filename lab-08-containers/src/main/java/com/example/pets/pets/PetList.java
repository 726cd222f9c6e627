package com.example.pets.pets;

import java.util.List;

/** The body of {@code GET /pets}; {@code next_token} is left out on the last page. */
public record PetList(List<Pet> items, String nextToken) {}
