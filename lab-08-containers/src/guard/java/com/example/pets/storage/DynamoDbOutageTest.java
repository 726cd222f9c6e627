package com.example.pets.storage;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.local.LocalPets;
import com.example.pets.pets.PetIds;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DynamoDB goes away and comes back: clients get a 503 meanwhile, and the API recovers without a restart. */
class DynamoDbOutageTest {

    private static final int CLIENTS = 4;

    /** What each client sends, over and over. */
    private static final List<String> MIX =
            List.of("create", "read", "list", "rename", "delete", "read a malformed id");

    /** Each client has at least this many requests answered in each phase of the outage: its whole mix. */
    private static final int REQUESTS_PER_PHASE = MIX.size();

    /**
     * A hang detector, not a speed check: far beyond the longest a DynamoDB call may take locally (its call timeout,
     * retries included), so only a request that never ends trips it.
     */
    private static final Duration HANG = DynamoDbClients.LOCAL.call().multipliedBy(3);

    /** How long the test waits for a condition before giving up: generous, for a busy machine. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    Path data;

    @Test
    void while_dynamodb_is_down_requests_get_503_and_afterwards_everything_works_again() {
        try (var pets = LocalPets.start(Optional.of(data))) {
            var db = pets.dynamoDbLocal().orElseThrow();
            var app = pets.app("pets");

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
    void clients_that_keep_sending_through_an_outage_get_503s_never_a_hang_and_lose_nothing() throws Exception {
        try (var pets = LocalPets.start(Optional.of(data))) {
            var db = pets.dynamoDbLocal().orElseThrow();
            var app = pets.app("pets");

            JavalinTest.test(app, (server, unused) -> {
                try (var http = new OutageClient("http://127.0.0.1:" + server.port())) {
                    var before = new LinkedHashMap<String, String>();
                    for (var name : List.of("Rex", "Mia", "Kiwi")) {
                        var created =
                                http.send("create", "POST", "/pets", "{\"name\":\"" + name + "\",\"kind\":\"dog\"}");
                        assertThat(created.statusCode()).isEqualTo(201);
                        var location = created.headers().firstValue("Location").orElseThrow();
                        before.put(location, http.read(location));
                    }
                    var seeded = List.copyOf(before.keySet());

                    var phase = new AtomicReference<>(Phase.UP);
                    var outcomes = new ConcurrentLinkedQueue<Outcome>();
                    var stop = new AtomicBoolean();
                    var executor = Executors.newFixedThreadPool(CLIENTS);
                    try {
                        var clients = new ArrayList<Future<?>>();
                        for (int i = 0; i < CLIENTS; i++) {
                            int id = i;
                            clients.add(executor.submit(() -> http.keepSending(id, seeded, phase, outcomes, stop)));
                        }

                        waitUntil("every client is served", clients, () -> eachClientHas(outcomes, Phase.UP));
                        db.stop();
                        phase.set(Phase.DOWN);
                        waitUntil(
                                "every client is answered while DynamoDB is down",
                                clients,
                                () -> eachClientHas(outcomes, Phase.DOWN));
                        phase.set(Phase.RESTARTING);
                        db.restart();
                        waitUntil(
                                "a pet can be read again",
                                clients,
                                () -> http.send("probe", "GET", seeded.get(0), null)
                                                .statusCode()
                                        == 200);
                        phase.set(Phase.RECOVERED);
                        waitUntil(
                                "every client is served again",
                                clients,
                                () -> eachClientHas(outcomes, Phase.RECOVERED));
                        stop.set(true);
                        for (var sending : clients) {
                            sending.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
                        }
                    } finally {
                        executor.shutdownNow();
                    }

                    for (var outcome : outcomes) {
                        outcome.assertAllowed();
                    }
                    for (var pet : before.entrySet()) {
                        assertThat(http.read(pet.getKey()))
                                .as("a pet created before the outage")
                                .isEqualTo(pet.getValue());
                    }
                }
            });
        }
    }

    @Test
    void on_lambda_dynamodb_gives_up_well_before_the_function_timeout() {
        var lambdaTimeoutSeconds = 15; // lab-05 deploys the function with this timeout

        assertThat(DynamoDbClients.LAMBDA.call()).isLessThanOrEqualTo(Duration.ofSeconds(lambdaTimeoutSeconds / 2));
        assertThat(DynamoDbClients.LAMBDA.attempt()).isLessThan(DynamoDbClients.LAMBDA.call());
    }

    private enum Phase {
        UP,
        DOWN,
        RESTARTING,
        RECOVERED
    }

    /** One answer, with the phase of the outage its request was sent in and the one it came back in. */
    private record Outcome(int client, String operation, Phase sent, Phase received, HttpResponse<String> response) {

        /** Whatever the phase: the operation's own answer, or a 503 problem that says when to retry; never a 500. */
        void assertAllowed() {
            var status = response.statusCode();
            var description = operation + " sent while " + sent + ", answered while " + received;
            if (sent == Phase.DOWN && received == Phase.DOWN && !operation.equals("read a malformed id")) {
                assertThat(status).as(description).isEqualTo(503);
            }
            if (sent == Phase.RECOVERED) {
                assertThat(status).as(description).isNotEqualTo(503);
            }
            if (status == 503) {
                assertProblem(response.headers().firstValue("Content-Type").orElse(""), response.body(), 503);
                assertThat(response.headers().firstValue("Retry-After"))
                        .as(description)
                        .hasValue("1");
                return;
            }
            var expected =
                    switch (operation) {
                        case "create" -> List.of(201);
                        case "read", "list" -> List.of(200);
                        case "rename" -> List.of(200, 404);
                        case "delete" -> List.of(204, 404);
                        case "read a malformed id" -> List.of(400);
                        default -> throw new IllegalArgumentException(operation);
                    };
            assertThat(status).as(description).isIn(expected);
        }
    }

    private static boolean eachClientHas(ConcurrentLinkedQueue<Outcome> outcomes, Phase phase) {
        var counts = new int[CLIENTS];
        outcomes.stream()
                .filter(outcome -> outcome.sent() == phase && outcome.received() == phase)
                .forEach(outcome -> counts[outcome.client()]++);
        return Arrays.stream(counts).allMatch(count -> count >= REQUESTS_PER_PHASE);
    }

    /**
     * Polls a condition until it holds; gives up, failing the test, after {@link #PATIENCE}. A client that failed
     * (a request that hung, say) fails the test at once with its own error.
     */
    private static void waitUntil(String what, List<Future<?>> clients, BooleanSupplier condition) throws Exception {
        var deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            for (var client : clients) {
                if (client.isDone()) {
                    client.get();
                }
            }
            assertThat(System.nanoTime() - deadline).as("waiting until " + what).isNegative();
            Thread.sleep(20);
        }
    }

    /** A client with a request timeout that only a hang reaches. */
    private static final class OutageClient implements AutoCloseable {

        private final HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String origin;

        OutageClient(String origin) {
            this.origin = origin;
        }

        @Override
        public void close() {
            client.close();
        }

        HttpResponse<String> send(String operation, String method, String path, String json) {
            var request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(HANG);
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
            try {
                return client.send(request.build(), BodyHandlers.ofString());
            } catch (HttpTimeoutException hung) {
                throw new AssertionError(operation + " " + path + " got no answer within " + HANG, hung);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The pet as a client sees it: its ETag and its JSON. */
        String read(String location) {
            var response = send("read", "GET", location, null);
            assertThat(response.statusCode()).isEqualTo(200);
            return response.headers().firstValue("ETag").orElseThrow() + " " + response.body();
        }

        /**
         * Sends a mix of requests until told to stop: creates, reads of the pets created before the outage, lists,
         * renames and deletes of its own pets (or of a pet that does not exist), and a read that is refused with a
         * 400 before DynamoDB is asked.
         */
        Void keepSending(
                int id,
                List<String> seeded,
                AtomicReference<Phase> phase,
                ConcurrentLinkedQueue<Outcome> outcomes,
                AtomicBoolean stop) {
            var own = new ArrayDeque<String>();
            for (int turn = 0; !stop.get(); turn++) {
                var sent = phase.get();
                var target = own.isEmpty() ? "/pets/" + PetIds.next() : own.peek();
                var operation = MIX.get(turn % MIX.size());
                var response =
                        switch (operation) {
                            case "create" ->
                                send(operation, "POST", "/pets", "{\"name\":\"Client " + id + "\",\"kind\":\"cat\"}");
                            case "read" -> send(operation, "GET", seeded.get(turn % seeded.size()), null);
                            case "list" -> send(operation, "GET", "/pets?limit=5", null);
                            case "rename" -> send(operation, "PATCH", target, "{\"name\":\"Renamed " + turn + "\"}");
                            case "delete" -> send(operation, "DELETE", target, null);
                            default -> send(operation, "GET", "/pets/not-a-pet-id", null);
                        };
                outcomes.add(new Outcome(id, operation, sent, phase.get(), response));
                if (operation.equals("create") && response.statusCode() == 201) {
                    own.add(response.headers().firstValue("Location").orElseThrow());
                }
                if (operation.equals("delete") && !own.isEmpty()) {
                    own.remove();
                }
            }
            return null;
        }
    }
}
