package com.example.pets.pets;

import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many clients change one pet at once. With If-Match, every change either lands or is refused: none is lost. A
 * change that races a delete never brings the pet back.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class ConcurrentUpdatesTest {

    private final FrontDoor door;

    private static final int CLIENTS = 8;

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    ConcurrentUpdatesTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void of_several_writers_holding_the_same_etag_exactly_one_wins() throws Exception {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

            var statuses = runTogether(i -> client.request(
                            location,
                            json("PATCH", "{\"name\":\"Writer " + i + "\"}").header("If-Match", "\"1\""))
                    .code());

            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
            assertThat(header(client.get(location), "ETag")).isEqualTo("\"2\"");
        });
    }

    @Test
    void writers_that_reread_and_retry_on_412_all_land_their_change() throws Exception {
        door.test(app, (server, client) -> {
            var location = door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

            runTogether(i -> appendToName(client, location, i));

            var name = parse(client.get(location).body().string()).path("name").asText();
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(name).contains("+" + i);
            }
            assertThat(header(client.get(location), "ETag")).isEqualTo("\"" + (CLIENTS + 1) + "\"");
        });
    }

    @Test
    void patches_racing_a_delete_never_bring_the_pet_back() throws Exception {
        door.test(app, (server, client) -> {
            var locations = new ArrayList<String>();
            for (int pet = 0; pet < 5; pet++) {
                var location =
                        door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));
                locations.add(location);

                // One client deletes; the others patch, every other one with the ETag they read before the race.
                var statuses = runTogether(i -> {
                    if (i == 0) {
                        return client.delete(location).code();
                    }
                    var patch = json("PATCH", "{\"name\":\"Writer " + i + "\"}");
                    return client.request(location, i % 2 == 0 ? patch : patch.header("If-Match", "\"1\""))
                            .code();
                });

                assertThat(statuses.get(0)).as("the delete").isEqualTo(204);
                assertThat(statuses.subList(1, CLIENTS)).as("the patches").isSubsetOf(200, 404, 412);
            }

            for (var location : locations) {
                assertThat(client.get(location).code()).isEqualTo(404);
            }
            var list = client.get("/pets");
            assertThat(list.code()).isEqualTo(200);
            // An array, and empty: path() of a missing field would be empty too.
            assertThat(parse(list.body().string()).get("items")).isNotNull().isEmpty();
        });
    }

    /** Read-modify-write with optimistic locking: the pattern a client needs to never lose an update. */
    private static int appendToName(HttpClient client, String location, int writer) {
        for (int attempt = 1; ; attempt++) {
            var current = client.get(location);
            var name = parse(current.body().string()).path("name").asText();
            var response = client.request(
                    location,
                    json("PATCH", "{\"name\":\"" + name + "+" + writer + "\"}")
                            .header("If-Match", header(current, "ETag")));
            if (response.code() == 200) {
                return attempt;
            }
            assertThat(response.code()).isEqualTo(412);
        }
    }

    private static ArrayList<Integer> runTogether(WriterTask task) throws Exception {
        var start = new CountDownLatch(1);
        var executor = Executors.newFixedThreadPool(CLIENTS);
        try {
            var futures = new ArrayList<Future<Integer>>();
            for (int i = 0; i < CLIENTS; i++) {
                int writer = i;
                Callable<Integer> call = () -> {
                    start.await();
                    return task.run(writer);
                };
                futures.add(executor.submit(call));
            }
            start.countDown();
            var results = new ArrayList<Integer>();
            for (var future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface WriterTask {
        int run(int writer) throws Exception;
    }
}
