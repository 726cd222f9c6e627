package com.example.pets.storage;

import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.local.LocalPets;
import com.example.pets.support.Requests;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * DynamoDB can store a write and still fail to answer (a 500, a timeout), and the SDK then sends the write again. A
 * proxy in front of DynamoDB Local plays that: it forwards the first write of one kind, lets it be stored, and answers
 * 500. The retry must find the write done, not fail on it.
 */
class LostAnswerTest {

    /** Headers the JDK's HTTP client sets itself. */
    private static final Set<String> OWN_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final AtomicInteger writes = new AtomicInteger();
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    private String losing;

    @Test
    void a_create_whose_answer_was_lost_is_answered_201_and_stores_one_pet() throws Exception {
        withAnswerLost("PutItem", (server, client) -> {
            assertThat(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}").code())
                    .isEqualTo(201);
            assertThat(writes).as("the SDK sent the put again").hasValue(2);
            var listed = new ObjectMapper().readTree(client.get("/pets").body().string());
            assertThat(listed.path("items")).hasSize(1);
        });
    }

    @Test
    void an_update_with_if_match_whose_answer_was_lost_is_answered_200_not_412() throws Exception {
        withAnswerLost("UpdateItem", (server, client) -> {
            var created = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");
            var location = header(created, "Location");
            var rename = Requests.json("PATCH", "{\"name\":\"Max\"}").header("If-Match", header(created, "ETag"));

            assertThat(client.request(location, rename).code()).isEqualTo(200);
            assertThat(writes).as("the SDK sent the update again").hasValue(2);
            var stored = new ObjectMapper().readTree(client.get(location).body().string());
            assertThat(stored.path("name").asText()).isEqualTo("Max");
        });
    }

    private void withAnswerLost(String operation, TestCase test) throws IOException {
        losing = "DynamoDB_20120810." + operation;
        var proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", this::forwardLosingTheFirstAnswer);
        proxy.start();
        try {
            var dynamoDb = DynamoDbClients.builder(DynamoDbClients.LOCAL)
                    .endpointOverride(
                            URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build();
            var app = PetsApp.create(LocalPets.using(dynamoDb).repository("pets-" + UUID.randomUUID()));
            JavalinTest.test(app, test);
        } finally {
            proxy.stop(0);
            http.close();
        }
    }

    private void forwardLosingTheFirstAnswer(HttpExchange exchange) throws IOException {
        try (exchange) {
            var forward = HttpRequest.newBuilder(TestDynamoDb.endpoint().resolve(exchange.getRequestURI()))
                    .POST(BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!OWN_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            var answer = http.send(forward.build(), BodyHandlers.ofByteArray());
            var write = losing.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            var lost = write && writes.incrementAndGet() == 1;
            var body = lost
                    ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}"
                            .getBytes(StandardCharsets.UTF_8)
                    : answer.body();
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(lost ? 500 : answer.statusCode(), body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
