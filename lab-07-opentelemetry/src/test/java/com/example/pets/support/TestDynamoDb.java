package com.example.pets.support;

import com.example.pets.local.LocalDynamoDb;
import com.example.pets.local.PetsTable;
import com.example.pets.pets.DynamoDbPetRepository;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local for the whole test run (it takes a second or two to start) and a fresh table for each test,
 * so tests never see each other's pets.
 */
public final class TestDynamoDb {

    private static DynamoDbClient client;

    private TestDynamoDb() {}

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = LocalDynamoDb.start(Optional.empty()).client();
        }
        return client;
    }

    public static DynamoDbPetRepository newRepository() {
        var tableName = "pets-" + UUID.randomUUID();
        PetsTable.createIfMissing(client(), tableName);
        return new DynamoDbPetRepository(client(), tableName);
    }
}
