package com.example.pets.storage;

/** DynamoDB could not be reached, timed out or throttled us: a temporary condition, answered with a 503. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(Throwable cause) {
        super("DynamoDB is unavailable: " + cause.getMessage(), cause);
    }
}
