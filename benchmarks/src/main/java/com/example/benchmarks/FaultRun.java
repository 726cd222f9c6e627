package com.example.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * DynamoDB goes away in the middle of steady traffic and comes back. Clients keep running the same create, read,
 * rename, delete cycle throughout; every request is recorded with the phase it started in. Afterwards every pet
 * whose creation was acknowledged (201) and whose deletion was not must still be there, and every pet whose deletion
 * was acknowledged (204) must still be gone.
 */
final class FaultRun {

    /** The local server's DynamoDB call timeout ({@code storage/DynamoDbClients.LOCAL} in every lab). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** A request still unanswered after this long counts as hung. */
    static final Duration HANG = CALL_TIMEOUT.plusSeconds(10);

    private static final Pattern PET_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Set<Integer> EXPECTED = Set.of(200, 201, 204, 404, 412, 503);

    record Settings(int clients, Duration before, Duration down, Duration after) {}

    record Exchange(String phase, int status, long nanos) {}

    record Phase(String name, int requests, Map<Integer, Integer> statuses, int hung, Stats nanos) {}

    record Result(
            Settings settings,
            List<Phase> phases,
            Duration recovery,
            int unexpected,
            int lostWrites,
            int resurrectedDeletes,
            int checkedPets) {}

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newCachedThreadPool())
            .build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Pets whose deletion got no clear answer: it may or may not have landed, so neither outcome is wrong. */
    private final Set<String> maybeDeleted = ConcurrentHashMap.newKeySet();

    private volatile String phase = "before";
    private volatile long restartedAt;
    private volatile long firstSuccessAfterRestart;

    private FaultRun(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    static Result run(
            Lab lab, Settings settings, DynamoDbLocalServer dynamoDb, Map<String, String> environment, Path work)
            throws IOException, InterruptedException {
        try (var server = LocalServerProcess.start(lab, environment, work.resolve(lab.name() + "-fault-server.log"))) {
            return new FaultRun(server.baseUrl()).run(lab, settings, dynamoDb);
        }
    }

    private Result run(Lab lab, Settings settings, DynamoDbLocalServer dynamoDb) throws InterruptedException {
        var clients = Executors.newFixedThreadPool(settings.clients());
        var running = new AtomicBoolean(true);
        for (int i = 0; i < settings.clients(); i++) {
            clients.submit(() -> {
                while (running.get()) {
                    cycle();
                }
                return null;
            });
        }
        Progress.say("fault run of %s: traffic for %d s", lab, settings.before().toSeconds());
        Thread.sleep(settings.before());
        dynamoDb.stop();
        phase = "down";
        Progress.say(
                "fault run of %s: DynamoDB stopped for %d s",
                lab, settings.down().toSeconds());
        Thread.sleep(settings.down());
        dynamoDb.start();
        restartedAt = System.nanoTime();
        phase = "after";
        Progress.say(
                "fault run of %s: DynamoDB back, traffic for %d s",
                lab, settings.after().toSeconds());
        Thread.sleep(settings.after());
        running.set(false);
        clients.shutdown();
        if (!clients.awaitTermination(HANG.toSeconds() * 2, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Clients still waiting long after the run ended: a request hangs");
        }
        return result(settings);
    }

    /** One client's cycle; it stops at the first step that fails, leaving whatever it created in place. */
    private void cycle() {
        var create = send("POST", "/pets", "{\"name\":\"Rex\",\"kind\":\"dog\"}", null);
        if (create.status() != 201) {
            return;
        }
        var matcher = PET_ID.matcher(create.body());
        if (!matcher.find()) {
            return;
        }
        var id = matcher.group(1);
        created.add(id);
        var path = "/pets/" + id;
        if (send("GET", path, null, null).status() != 200) {
            return;
        }
        if (send("PATCH", path, "{\"name\":\"Rex the Second\"}", "\"1\"").status() != 200) {
            return;
        }
        if (send("DELETE", path, null, null).status() == 204) {
            deleted.add(id);
        } else {
            maybeDeleted.add(id);
        }
    }

    private Answer send(String method, String path, String body, String ifMatch) {
        var startPhase = phase;
        var start = System.nanoTime();
        var answer = exchange(method, path, body, ifMatch);
        var end = System.nanoTime();
        exchanges.add(new Exchange(startPhase, answer.status(), end - start));
        if (startPhase.equals("after") && answer.status() < 300 && firstSuccessAfterRestart == 0) {
            firstSuccessAfterRestart = end;
        }
        return answer;
    }

    private Answer exchange(String method, String path, String body, String ifMatch) {
        var request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(HANG)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(Answer.HUNG, "");
        } catch (IOException e) {
            return new Answer(Answer.NO_ANSWER, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.NO_ANSWER, "");
        }
    }

    private Result result(Settings settings) {
        var phases = new ArrayList<Phase>();
        for (var name : List.of("before", "down", "after")) {
            var inPhase = exchanges.stream().filter(e -> e.phase().equals(name)).toList();
            var statuses = new TreeMap<Integer, Integer>();
            inPhase.forEach(e -> statuses.merge(e.status(), 1, Integer::sum));
            var hung = (int)
                    inPhase.stream().filter(e -> e.status() == Answer.HUNG).count();
            phases.add(new Phase(
                    name,
                    inPhase.size(),
                    statuses,
                    hung,
                    Stats.of(inPhase.stream().map(Exchange::nanos).toList())));
        }
        var unexpected = (int)
                exchanges.stream().filter(e -> !EXPECTED.contains(e.status())).count();
        var lost = 0;
        var resurrected = 0;
        var checked = 0;
        for (var id : created) {
            if (maybeDeleted.contains(id)) {
                continue;
            }
            checked++;
            var status = exchange("GET", "/pets/" + id, null, null).status();
            if (deleted.contains(id) && status != 404) {
                resurrected++;
            } else if (!deleted.contains(id) && status != 200) {
                lost++;
            }
        }
        var recovery = firstSuccessAfterRestart == 0
                ? null
                : Duration.ofNanos(Math.max(0, firstSuccessAfterRestart - restartedAt));
        return new Result(settings, phases, recovery, unexpected, lost, resurrected, checked);
    }

    private record Answer(int status, String body) {
        static final int HUNG = -1;
        static final int NO_ANSWER = -2;
    }
}
