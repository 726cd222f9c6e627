package com.example.pets.local;

import com.example.pets.PetsApp;
import com.example.pets.pets.DynamoDbPetRepository;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Pets API wired for a laptop: a DynamoDB (DynamoDB Local in this JVM, or one already running), the pets table
 * on it, and the app {@link PetsApp#create} builds on that table, as on Lambda. The local server, the local invoke,
 * the local API Gateway and the tests all wire it here. Closing it stops the DynamoDB Local it started.
 */
public final class LocalPets implements AutoCloseable {

    private final Optional<LocalDynamoDb> dynamoDbLocal;
    private final DynamoDbClient dynamoDb;

    private LocalPets(Optional<LocalDynamoDb> dynamoDbLocal, DynamoDbClient dynamoDb) {
        this.dynamoDbLocal = dynamoDbLocal;
        this.dynamoDb = dynamoDb;
    }

    /** Starts DynamoDB Local, in memory or keeping its data in a folder. */
    public static LocalPets start(Optional<Path> dataDirectory) {
        var db = LocalDynamoDb.start(dataDirectory);
        return new LocalPets(Optional.of(db), db.client());
    }

    /** Uses a DynamoDB that is already running, such as the one at {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public static LocalPets using(DynamoDbClient dynamoDb) {
        return new LocalPets(Optional.empty(), dynamoDb);
    }

    /** The table of that name, created when missing, as the app's repository. */
    public DynamoDbPetRepository repository(String tableName) {
        LocalTable.createIfMissing(dynamoDb, tableName);
        return new DynamoDbPetRepository(dynamoDb, tableName);
    }

    /** The Pets API on the table of that name. */
    public Javalin app(String tableName) {
        return PetsApp.create(repository(tableName));
    }

    /** The DynamoDB Local it started, if any: where it listens, and how to stop it as if DynamoDB went away. */
    public Optional<LocalDynamoDb> dynamoDbLocal() {
        return dynamoDbLocal;
    }

    public DynamoDbClient client() {
        return dynamoDb;
    }

    @Override
    public void close() {
        dynamoDbLocal.ifPresent(LocalDynamoDb::close);
    }
}
