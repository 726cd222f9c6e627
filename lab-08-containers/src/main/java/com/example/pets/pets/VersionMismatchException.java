package com.example.pets.pets;

/** The pet changed since the client read it: its If-Match no longer names the current ETag. */
public class VersionMismatchException extends RuntimeException {

    public VersionMismatchException(String id) {
        super("Pet '" + id + "' was changed by someone else. GET it again for the current ETag and retry.");
    }
}
