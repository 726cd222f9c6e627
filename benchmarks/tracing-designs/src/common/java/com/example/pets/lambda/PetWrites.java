package com.example.pets.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every design's handler does inside its spans: read the event, write one pet to DynamoDB, answer 201. The
 * DynamoDB client is built as the labs build it (URLConnection client, region and endpoint from the environment).
 */
final class PetWrites {

    private final DynamoDbClient dynamoDb;
    private final String table = System.getenv("TABLE_NAME");

    PetWrites(ClientOverrideConfiguration configuration) {
        dynamoDb = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(configuration)
                .build();
    }

    static String readEvent(InputStream input) throws IOException {
        var buffer = new ByteArrayOutputStream();
        input.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** One PutItem; returns the new pet's id. */
    String save(String event) {
        var id = UUID.randomUUID().toString();
        dynamoDb.putItem(put -> put.tableName(table)
                .item(Map.of(
                        "id", AttributeValue.fromS(id),
                        "event_bytes", AttributeValue.fromN(Integer.toString(event.length())))));
        return id;
    }

    static void answerCreated(String id, OutputStream output) throws IOException {
        output.write(("{\"statusCode\":201,\"headers\":{\"Location\":\"/pets/" + id + "\"},\"body\":\"{}\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
