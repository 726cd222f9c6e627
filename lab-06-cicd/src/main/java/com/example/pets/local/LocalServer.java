package com.example.pets.local;

import com.example.pets.PetsApp;
import com.example.pets.pets.DynamoDbPetRepository;
import com.example.pets.storage.DynamoDbClients;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs the Pets API on a laptop: {@code ./mvnw exec:java}. With nothing configured it starts DynamoDB Local in
 * memory. Settings, all optional:
 *
 * <ul>
 *   <li>{@code PORT}: where the API listens (7070)
 *   <li>{@code TABLE_NAME}: the table (pets)
 *   <li>{@code DYNAMODB_LOCAL_DATA_DIR}: keep DynamoDB Local's data in this directory across restarts
 *   <li>{@code AWS_ENDPOINT_URL_DYNAMODB}: use the DynamoDB at this URL instead of starting one
 * </ul>
 */
public final class LocalServer {

    private static final Logger log = LoggerFactory.getLogger(LocalServer.class);

    private LocalServer() {}

    public static void main(String[] args) {
        var port = Integer.parseInt(env("PORT", "7070"));
        var tableName = env("TABLE_NAME", "pets");

        DynamoDbClient dynamoDb;
        if (System.getenv("AWS_ENDPOINT_URL_DYNAMODB") != null) {
            dynamoDb = DynamoDbClients.builder(DynamoDbClients.LOCAL).build();
            log.info("Using DynamoDB at {}", System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
        } else {
            var dataDir = Optional.ofNullable(System.getenv("DYNAMODB_LOCAL_DATA_DIR"))
                    .map(Path::of);
            var db = LocalDynamoDb.start(dataDir);
            dynamoDb = db.client();
            log.info(
                    "Started DynamoDB Local at {} ({})",
                    db.endpoint(),
                    dataDir.map(dir -> "data in " + dir.toAbsolutePath()).orElse("in memory"));
        }
        PetsTable.createIfMissing(dynamoDb, tableName);

        var app = PetsApp.create(new DynamoDbPetRepository(dynamoDb, tableName)).start(port);
        log.info(
                "Pets API listening on http://localhost:{} (pets: /pets, docs: /docs). Press Ctrl+C to stop.",
                app.port());
    }

    static String env(String name, String fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
