package com.example.pets.pets;

/** The rule for a pet's name, shared by create and update. */
final class PetNames {

    private PetNames() {}

    static boolean isValid(String name) {
        return name != null
                && !name.isBlank()
                && name.length() <= Pet.MAX_NAME_LENGTH
                && name.chars().noneMatch(Character::isISOControl);
    }

    static String rule() {
        return "name must be 1 to " + Pet.MAX_NAME_LENGTH + " characters, not blank, without control characters";
    }
}
