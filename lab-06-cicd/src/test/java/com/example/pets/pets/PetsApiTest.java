package com.example.pets.pets;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** Functional tests: the real app over HTTP against DynamoDB Local. */
class PetsApiTest {

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    @Test
    void creating_a_pet_answers_201_with_its_location_and_etag() {
        JavalinTest.test(app, (server, client) -> {
            var response = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");

            assertThat(response.code()).isEqualTo(201);
            var pet = parse(response.body().string());
            assertThat(pet.path("id").asText()).matches("[0-9a-f-]{36}");
            assertThat(pet.path("name").asText()).isEqualTo("Rex");
            assertThat(pet.path("kind").asText()).isEqualTo("dog");
            assertThat(pet.path("created_at").asText())
                    .isEqualTo(pet.path("updated_at").asText());
            assertThat(header(response, "Location"))
                    .isEqualTo("/pets/" + pet.path("id").asText());
            assertThat(header(response, "ETag")).isEqualTo("\"1\"");
        });
    }

    @Test
    void a_created_pet_reads_back_as_it_was_created() {
        JavalinTest.test(app, (server, client) -> {
            var created = createPet(client, "{\"name\":\"  Luna \",\"kind\":\"cat\"}");

            var read = client.get(header(created, "Location"));

            assertThat(read.code()).isEqualTo(200);
            assertThat(parse(read.body().string()))
                    .isEqualTo(parse(created.body().string()));
            assertThat(parse(read.body().string()).path("name").asText()).isEqualTo("Luna");
            assertThat(header(read, "ETag")).isEqualTo("\"1\"");
        });
    }

    @Test
    void listing_pages_through_every_pet_exactly_once() {
        JavalinTest.test(app, (server, client) -> {
            var created = new HashSet<String>();
            for (int i = 0; i < 5; i++) {
                created.add(parse(createPet(client, "{\"name\":\"Pet " + i + "\",\"kind\":\"fish\"}")
                                .body()
                                .string())
                        .path("id")
                        .asText());
            }

            var seen = new ArrayList<String>();
            String token = null;
            int pages = 0;
            do {
                var page = parse(client.get("/pets?limit=2" + (token == null ? "" : "&next_token=" + token))
                        .body()
                        .string());
                page.path("items").forEach(pet -> seen.add(pet.path("id").asText()));
                token = page.hasNonNull("next_token") ? page.path("next_token").asText() : null;
                pages++;
            } while (token != null && pages < 10);

            assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
            assertThat(pages).isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void patch_changes_only_the_fields_sent() {
        JavalinTest.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");

            var response = client.request(location, json("PATCH", "{\"name\":\"Max\"}"));

            assertThat(response.code()).isEqualTo(200);
            var pet = parse(response.body().string());
            assertThat(pet.path("name").asText()).isEqualTo("Max");
            assertThat(pet.path("kind").asText()).isEqualTo("dog");
            assertThat(header(response, "ETag")).isEqualTo("\"2\"");
            assertThat(parse(client.get(location).body().string()).path("name").asText())
                    .isEqualTo("Max");
        });
    }

    @Test
    void a_deleted_pet_is_gone_and_deleting_it_again_is_404() {
        JavalinTest.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");

            assertThat(client.delete(location).code()).isEqualTo(204);
            assertThat(client.get(location).code()).isEqualTo(404);
            var again = client.delete(location);
            assertProblem(header(again, "Content-Type"), again.body().string(), 404);
        });
    }

    @Test
    void patching_a_deleted_pet_is_404_and_does_not_bring_it_back() {
        JavalinTest.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");
            client.delete(location);

            var response = client.request(location, json("PATCH", "{\"name\":\"Ghost\"}"));

            assertProblem(header(response, "Content-Type"), response.body().string(), 404);
            assertThat(client.get(location).code()).isEqualTo(404);
        });
    }

    @Test
    void a_patch_with_a_stale_etag_is_412_and_changes_nothing() {
        JavalinTest.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");
            client.request(location, json("PATCH", "{\"name\":\"Max\"}"));

            var stale = client.request(
                    location, json("PATCH", "{\"name\":\"Bolt\"}").header("If-Match", "\"1\""));

            assertProblem(header(stale, "Content-Type"), stale.body().string(), 412);
            assertThat(parse(client.get(location).body().string()).path("name").asText())
                    .isEqualTo("Max");
        });
    }

    @Test
    void a_patch_with_the_current_etag_succeeds() {
        JavalinTest.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");

            var response =
                    client.request(location, json("PATCH", "{\"kind\":\"cat\"}").header("If-Match", "\"1\""));

            assertThat(response.code()).isEqualTo(200);
            assertThat(header(response, "ETag")).isEqualTo("\"2\"");
        });
    }

    @Test
    void a_delete_with_a_stale_etag_is_412_and_keeps_the_pet() {
        JavalinTest.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");
            client.request(location, json("PATCH", "{\"name\":\"Max\"}"));

            var response = client.request(
                    location, builder -> builder.delete(BodyPublishers.noBody()).header("If-Match", "\"1\""));

            assertThat(response.code()).isEqualTo(412);
            assertThat(client.get(location).code()).isEqualTo(200);
        });
    }

    @Test
    void the_root_names_the_service_and_its_version() {
        JavalinTest.test(app, (server, client) -> {
            JsonNode info = parse(client.get("/").body().string());

            assertThat(info.path("service").asText()).isEqualTo("pets-api");
            assertThat(info.path("version").asText()).isEqualTo("1.0.0");
        });
    }

    @Test
    void fail_is_a_500_problem_that_reveals_nothing_of_the_server() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/fail");

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 500);
            assertThat(problem.path("detail").asText()).doesNotContain("Deliberate");
        });
    }
}
