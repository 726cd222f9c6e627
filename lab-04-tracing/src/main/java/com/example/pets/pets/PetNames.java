package com.example.pets.pets;

/** The rule for a pet's name, shared by create and update. */
final class PetNames {

    private PetNames() {}

    static boolean isValid(String name) {
        return name != null
                && !name.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))
                && name.codePointCount(0, name.length()) <= Pet.MAX_NAME_LENGTH // as the schema's maxLength counts
                && name.codePoints().noneMatch(PetNames::isInvisibleOrBroken);
    }

    static String rule() {
        return "name must be 1 to " + Pet.MAX_NAME_LENGTH
                + " characters, not blank, without control, line-separator or invisible formatting characters"
                + " or U+FFFD";
    }

    /**
     * Control characters, the Unicode line and paragraph separators (U+2028, U+2029: line breaks to log viewers
     * and JavaScript), invisible formatting (such as right-to-left overrides and zero-width spaces) and lone
     * surrogate halves: what the client sent would not be what others read, or could not be stored as sent. And
     * U+FFFD, the replacement character a decoder leaves where bytes were not UTF-8: API Gateway hands the function
     * a text body with broken bytes already replaced, so this is how a broken name is told there.
     */
    private static boolean isInvisibleOrBroken(int codePoint) {
        var type = Character.getType(codePoint);
        return codePoint == 0xFFFD
                || type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT
                || type == Character.SURROGATE;
    }
}
