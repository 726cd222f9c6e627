package com.example.pets.pets;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.getOverriddenTo;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Functional tests: the real app over HTTP against DynamoDB Local, through both front doors (the Javalin server,
 * and API Gateway invoking the Lambda handler), with a client that sends and decodes what browsers do.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class PetsApiTest {

    private final FrontDoor door;

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    PetsApiTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void creating_a_pet_answers_201_with_its_location_and_etag() {
        door.test(app, (server, client) -> {
            var response = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");

            assertThat(response.code()).isEqualTo(201);
            var pet = parse(response.body().string());
            assertThat(pet.path("id").asText()).matches("[0-9a-f-]{36}");
            assertThat(pet.path("name").asText()).isEqualTo("Rex");
            assertThat(pet.path("kind").asText()).isEqualTo("dog");
            assertThat(pet.path("created_at").asText())
                    .isEqualTo(pet.path("updated_at").asText());
            assertThat(header(response, "Location"))
                    .isEqualTo(door.path("/pets/" + pet.path("id").asText()));
            assertThat(header(response, "ETag")).isEqualTo("\"1\"");
        });
    }

    @Test
    void links_carry_the_doors_prefix_when_the_path_ends_with_a_slash() {
        door.test(app, (server, client) -> {
            var created = client.request("/pets/", json("POST", "{\"name\":\"Rex\",\"kind\":\"dog\"}"));
            var id = parse(created.body().string()).path("id").asText();

            assertThat(header(created, "Location")).isEqualTo(door.path("/pets/" + id));
            assertThat(client.get("/docs/").body().string()).contains("url: \"" + door.path("/openapi.json") + "\"");
        });
    }

    @Test
    void a_created_pet_reads_back_as_it_was_created() {
        door.test(app, (server, client) -> {
            var created = createPet(client, "{\"name\":\"  Luna \",\"kind\":\"cat\"}");

            var read = client.get(door.appPath(header(created, "Location")));

            assertThat(read.code()).isEqualTo(200);
            assertThat(parse(read.body().string()))
                    .isEqualTo(parse(created.body().string()));
            assertThat(parse(read.body().string()).path("name").asText()).isEqualTo("Luna");
            assertThat(header(read, "ETag")).isEqualTo("\"1\"");
        });
    }

    @Test
    void a_name_of_100_characters_outside_the_basic_plane_is_accepted_as_the_schema_says() {
        door.test(app, (server, client) -> {
            var hundredPaws = "\uD83D\uDC3E".repeat(100); // U+1F43E, two UTF-16 units each

            assertThat(createPet(client, "{\"name\":\"" + hundredPaws + "\",\"kind\":\"dog\"}")
                            .code())
                    .isEqualTo(201);
            assertThat(createPet(client, "{\"name\":\"" + hundredPaws + "!\",\"kind\":\"dog\"}")
                            .code())
                    .isEqualTo(400);
        });
    }

    @Test
    void listing_pages_through_every_pet_exactly_once() {
        door.test(app, (server, client) -> {
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
    void a_page_holds_20_pets_unless_asked_for_up_to_100_and_the_last_page_has_no_next_token() {
        door.test(app, (server, client) -> {
            for (int i = 0; i < 21; i++) {
                createPet(client, "{\"name\":\"Pet " + i + "\",\"kind\":\"cat\"}");
            }

            var first = parse(client.get("/pets").body().string());
            var largest = client.get("/pets?limit=100");

            assertThat(first.path("items")).hasSize(20);
            assertThat(first.hasNonNull("next_token")).isTrue();
            assertThat(largest.code()).isEqualTo(200);
            var all = parse(largest.body().string());
            assertThat(all.path("items")).hasSize(21);
            assertThat(all.hasNonNull("next_token"))
                    .as("a next page that does not exist")
                    .isFalse();
        });
    }

    @Test
    void a_patch_stores_the_name_trimmed_keeps_created_at_and_moves_updated_at() {
        door.test(app, (server, client) -> {
            var response = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");
            var created = parse(response.body().string());
            Thread.sleep(5); // so that the update's millisecond is a later one

            var patched = parse(
                    client.request(door.appPath(header(response, "Location")), json("PATCH", "{\"name\":\"  Max \"}"))
                            .body()
                            .string());

            assertThat(patched.path("name").asText()).isEqualTo("Max");
            assertThat(patched.path("created_at")).isEqualTo(created.path("created_at"));
            assertThat(Instant.parse(patched.path("updated_at").asText()))
                    .isAfter(Instant.parse(created.path("updated_at").asText()));
        });
    }

    @Test
    void if_match_star_matches_whatever_is_stored() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

            var response =
                    client.request(location, json("PATCH", "{\"kind\":\"cat\"}").header("If-Match", "*"));

            assertThat(response.code()).isEqualTo(200);
            assertThat(header(response, "ETag")).isEqualTo("\"2\"");
        });
    }

    @Test
    void patch_changes_only_the_fields_sent() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

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
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

            assertThat(client.delete(location).code()).isEqualTo(204);
            assertThat(client.get(location).code()).isEqualTo(404);
            var again = client.delete(location);
            assertProblem(header(again, "Content-Type"), again.body().string(), 404);
        });
    }

    @Test
    void patching_a_deleted_pet_is_404_and_does_not_bring_it_back() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));
            client.delete(location);

            var response = client.request(location, json("PATCH", "{\"name\":\"Ghost\"}"));

            assertProblem(header(response, "Content-Type"), response.body().string(), 404);
            assertThat(client.get(location).code()).isEqualTo(404);
        });
    }

    @Test
    void a_patch_with_a_stale_etag_is_412_and_changes_nothing() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));
            client.request(location, json("PATCH", "{\"name\":\"Max\"}"));

            var stale = client.request(
                    location, json("PATCH", "{\"name\":\"Bolt\"}").header("If-Match", "\"1\""));

            assertProblem(header(stale, "Content-Type"), stale.body().string(), 412);
            // A client whose ETag variable was empty, a tag that is not ours, a weak tag (If-Match compares strongly):
            // a header that names no version we issued never matches.
            for (var tag : List.of("", "\"+2\"", "W/\"2\"")) {
                var refused = client.request(
                        location, json("PATCH", "{\"name\":\"Bolt\"}").header("If-Match", tag));
                assertProblem(header(refused, "Content-Type"), refused.body().string(), 412);
            }
            assertThat(parse(client.get(location).body().string()).path("name").asText())
                    .isEqualTo("Max");
        });
    }

    @Test
    void a_patch_with_the_current_etag_succeeds() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

            var response =
                    client.request(location, json("PATCH", "{\"kind\":\"cat\"}").header("If-Match", "\"1\""));

            assertThat(response.code()).isEqualTo(200);
            assertThat(header(response, "ETag")).isEqualTo("\"2\"");
        });
    }

    @Test
    void a_delete_with_a_stale_etag_is_412_and_keeps_the_pet() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));
            client.request(location, json("PATCH", "{\"name\":\"Max\"}"));

            var response = client.request(
                    location, builder -> builder.delete(BodyPublishers.noBody()).header("If-Match", "\"1\""));

            assertThat(response.code()).isEqualTo(412);
            assertThat(client.get(location).code()).isEqualTo(200);
        });
    }

    @Test
    void the_root_names_the_service_and_its_version() {
        door.test(app, (server, client) -> {
            JsonNode info = parse(client.get("/").body().string());

            assertThat(info.path("service").asText()).isEqualTo("pets-api");
            assertThat(info.path("version").asText()).isEqualTo("1.0.0");
        });
    }

    @Test
    void fail_is_a_500_problem_that_reveals_nothing_of_the_server() {
        door.test(app, (server, client) -> {
            var response = client.get("/fail");

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 500);
            assertThat(problem.path("detail").asText()).doesNotContain("Deliberate");
        });
    }

    @Test
    void a_page_of_thirty_pets_arrives_as_json_a_browser_can_read() {
        door.test(app, (server, client) -> {
            for (int i = 0; i < 30; i++) {
                createPet(client, "{\"name\":\"A pet with a long name, number " + i + "\",\"kind\":\"cat\"}");
            }

            var response = client.get("/pets?limit=30");

            assertThat(response.code()).isEqualTo(200);
            assertThat(header(response, "Content-Type")).startsWith("application/json");
            assertThat(parse(response.body().string()).path("items")).hasSize(30);
        });
    }

    @Test
    void a_method_override_header_is_refused_and_never_deletes() {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

            var response = client.request(location, getOverriddenTo("DELETE"));

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 400);
            assertThat(problem.path("detail").asText()).contains("X-HTTP-Method-Override");
            assertThat(client.get(location).code()).isEqualTo(200);
        });
    }
}
