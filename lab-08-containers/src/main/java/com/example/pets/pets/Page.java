package com.example.pets.pets;

import java.util.List;
import java.util.Optional;

/** One page of pets; {@code lastId} is where the next page starts, empty on the last page. */
public record Page(List<Pet> items, Optional<String> lastId) {}
