package com.example.pets.support;

import com.example.pets.local.LocalPets;
import com.example.pets.pets.DynamoDbPetRepository;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local for the whole test run (it takes a second or two to start) and a fresh table for each test,
 * so tests never see each other's pets.
 */
public final class TestDynamoDb {

    private static LocalPets local;

    private TestDynamoDb() {}

    private static synchronized LocalPets local() {
        if (local == null) {
            local = LocalPets.start(Optional.empty());
        }
        return local;
    }

    public static DynamoDbClient client() {
        return local().client();
    }

    /** Where it listens. */
    public static URI endpoint() {
        return local().dynamoDbLocal().orElseThrow().endpoint();
    }

    public static DynamoDbPetRepository newRepository() {
        return local().repository("pets-" + UUID.randomUUID());
    }
}
