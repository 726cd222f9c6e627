package com.example.pets.pets;

public class PetNotFoundException extends RuntimeException {

    public PetNotFoundException(String id) {
        super("No pet with id '" + id + "'.");
    }
}
