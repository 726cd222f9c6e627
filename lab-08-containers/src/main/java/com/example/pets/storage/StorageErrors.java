package com.example.pets.storage;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Sorts DynamoDB failures into "try again later" (a 503 for the client) and bugs (a 500). The SDK has already
 * retried with backoff by the time an exception reaches us.
 */
public final class StorageErrors {

    private StorageErrors() {}

    public static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw isTemporary(e) ? new StorageUnavailableException(e) : e;
        }
    }

    static boolean isTemporary(RuntimeException e) {
        if (e instanceof SdkClientException) {
            // No response at all: connection refused, DNS, or an attempt/call timeout.
            return true;
        }
        if (e instanceof DynamoDbException dynamo) {
            return dynamo.isThrottlingException() || dynamo.statusCode() >= 500;
        }
        return false;
    }
}
