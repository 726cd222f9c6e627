package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.RepeatedHeaders;
import com.example.pets.support.Requests;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What a client sees beyond the status code: body types, key order, every problem of a request at once. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class ResponseShapeTest {

    private final FrontDoor door;
    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    ResponseShapeTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void a_204_has_no_body_and_no_body_type() {
        door.test(app, (server, client) -> {
            var created = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");

            var deleted = client.delete(door.appPath(header(created, "Location")));

            assertThat(deleted.code()).isEqualTo(204);
            assertThat(deleted.body().string()).isEmpty();
            assertThat(header(deleted, "Content-Type")).isNull();
            assertThat(header(deleted, "X-Correlation-Id")).isNotBlank();
        });
    }

    @Test
    void no_answer_repeats_a_header_field_a_204_included() throws Exception {
        try (var running = door.start(app)) {
            var http = HttpClient.newHttpClient();
            var pets = URI.create("http://localhost:" + running.port() + door.path("/pets"));
            var created = http.send(
                    HttpRequest.newBuilder(pets)
                            .header("Content-Type", "application/json")
                            .POST(BodyPublishers.ofString("{\"name\":\"Rex\",\"kind\":\"dog\"}"))
                            .build(),
                    BodyHandlers.ofString());
            var pet = pets.resolve(created.headers().firstValue("Location").orElseThrow());

            var read = http.send(HttpRequest.newBuilder(pet).build(), BodyHandlers.ofString());
            var deleted = http.send(HttpRequest.newBuilder(pet).DELETE().build(), BodyHandlers.ofString());
            var gone = http.send(HttpRequest.newBuilder(pet).build(), BodyHandlers.ofString());

            var answers = List.of(created, read, deleted, gone);
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(201, 200, 204, 404);
            assertThat(answers).allSatisfy(answer -> assertThat(
                            RepeatedHeaders.in(answer.headers().map()))
                    .as("fields repeated in the %d answer", answer.statusCode())
                    .isEmpty());
        }
    }

    @Test
    void the_root_document_always_has_its_keys_in_the_same_order() {
        door.test(app, (server, client) -> {
            var root = client.get("/").body().string();

            assertThat(root).matches("\\{\"service\":\"pets-api\",\"version\":\"[^\"]+\"}");
        });
    }

    @Test
    void a_body_with_several_problems_gets_one_400_that_names_each_of_them() {
        door.test(app, (server, client) -> {
            var response = createPet(client, "{\"name\":42,\"kind\":\"unicorn\",\"hoard\":\"gold\"}");

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 400);
            assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("name", "kind", "hoard");
            assertThat(problem.path("errors").findValuesAsText("message"))
                    .containsExactly(
                            "must be a string",
                            "must be one of: dog, cat, bird, fish, rabbit, hamster, reptile, other",
                            "unknown field 'hoard'; allowed fields: kind, name");
        });
    }

    @Test
    void an_unknown_field_next_to_a_good_body_is_the_only_problem_named() {
        door.test(app, (server, client) -> {
            var response = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\",\"nmae\":\"Max\"}");

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 400);
            assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("nmae");
        });
    }

    @Test
    void a_405_names_the_methods_the_path_allows_in_its_allow_header() {
        door.test(app, (server, client) -> {
            var response = client.request("/pets", Requests.json("PUT", "{}"));

            assertProblem(header(response, "Content-Type"), response.body().string(), 405);
            assertThat(header(response, "Allow")).isEqualTo("GET, POST, HEAD"); // RFC 9110 15.5.6
        });
    }

    @Test
    void a_404_sends_the_client_to_the_docs_at_its_own_address() {
        door.test(app, (server, client) -> {
            var response = client.get("/cats");

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 404);
            assertThat(problem.path("detail").asText())
                    .endsWith(" The routes are listed at " + door.path("/docs") + ".");
        });
    }

    @Test
    void the_docs_assets_may_be_cached_for_a_day() {
        door.test(app, (server, client) -> {
            var css = client.get("/docs/swagger-ui.css");

            assertThat(css.code()).isEqualTo(200);
            assertThat(header(css, "Cache-Control")).isEqualTo("public, max-age=86400");
        });
    }
}
