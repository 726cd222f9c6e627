package com.example.pets.storage;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.local.LocalDynamoDb;
import com.example.pets.local.PetsTable;
import com.example.pets.pets.DynamoDbPetRepository;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DynamoDB goes away and comes back: clients get a 503 meanwhile, and the API recovers without a restart. */
class DynamoDbOutageTest {

    @TempDir
    Path data;

    @Test
    void while_dynamodb_is_down_requests_get_503_and_afterwards_everything_works_again() {
        try (var db = LocalDynamoDb.start(Optional.of(data))) {
            var client = db.client();
            PetsTable.createIfMissing(client, "pets");
            var app = PetsApp.create(new DynamoDbPetRepository(client, "pets"));

            JavalinTest.test(app, (server, http) -> {
                var location = header(createPet(http, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");

                db.stop();
                var down = http.get(location);
                var downCreate = createPet(http, "{\"name\":\"Max\",\"kind\":\"dog\"}");
                db.restart();

                assertProblem(header(down, "Content-Type"), down.body().string(), 503);
                assertThat(header(down, "Retry-After")).isEqualTo("1");
                assertThat(downCreate.code()).isEqualTo(503);
                var afterwards = http.get(location);
                assertThat(afterwards.code()).isEqualTo(200);
                assertThat(parse(afterwards.body().string()).path("name").asText())
                        .isEqualTo("Rex");
                assertThat(parse(http.get("/pets").body().string()).path("items"))
                        .hasSize(1);
            });
        }
    }

    @Test
    void on_lambda_dynamodb_gives_up_well_before_the_function_timeout() {
        var lambdaTimeoutSeconds = 15; // lab-05 deploys the function with this timeout

        assertThat(DynamoDbClients.LAMBDA.call()).isLessThanOrEqualTo(Duration.ofSeconds(lambdaTimeoutSeconds / 2));
        assertThat(DynamoDbClients.LAMBDA.attempt()).isLessThan(DynamoDbClients.LAMBDA.call());
    }
}
