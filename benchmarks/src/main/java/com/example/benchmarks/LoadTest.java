package com.example.benchmarks;

import com.example.benchmarks.load.PetsCrudSimulation;
import io.gatling.app.Gatling$;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Gatling load test against one lab's local server: a short unmeasured warm-up (the JIT compiles the hot
 * paths), then the measured run at a sustained arrival rate. Gatling runs inside this JVM; its HTML reports stay
 * in {@code target/benchmarks/gatling}.
 */
final class LoadTest {

    record Settings(double usersPerSecond, int seconds, int warmUpSeconds) {

        double requestsPerSecond() {
            return usersPerSecond * PetsCrudSimulation.REQUESTS_PER_USER;
        }
    }

    record Result(Settings settings, GatlingReport report) {}

    private LoadTest() {}

    static Result run(Lab lab, Settings settings, Map<String, String> environment, Path work)
            throws IOException, InterruptedException {
        try (var server = LocalServerProcess.start(lab, environment, work.resolve(lab.name() + "-load-server.log"))) {
            Progress.say("load test of %s: warming up for %d s", lab, settings.warmUpSeconds());
            simulate(server, settings.usersPerSecond(), settings.warmUpSeconds(), work.resolve("gatling-warm-up"));
            Progress.say(
                    "load test of %s: %.0f requests/s for %d s", lab, settings.requestsPerSecond(), settings.seconds());
            var results = work.resolve("gatling").resolve(lab.name());
            simulate(server, settings.usersPerSecond(), settings.seconds(), results);
            return new Result(settings, GatlingReport.read(newestReport(results)));
        }
    }

    /**
     * A throwaway run before any measured one. Gatling and DynamoDB Local share this JVM, and both are slow until
     * its JIT has compiled them: without this, whichever lab goes first looks slower than it is.
     */
    static void warmUpLoadGenerator(Lab lab, Settings settings, Map<String, String> environment, Path work)
            throws IOException, InterruptedException {
        try (var server = LocalServerProcess.start(lab, environment, work.resolve(lab.name() + "-load-server.log"))) {
            Progress.say("load test: warming up Gatling and DynamoDB Local for %d s", settings.warmUpSeconds() * 2);
            simulate(server, settings.usersPerSecond(), settings.warmUpSeconds() * 2, work.resolve("gatling-warm-up"));
        }
    }

    private static void simulate(LocalServerProcess server, double usersPerSecond, int seconds, Path results) {
        System.setProperty(PetsCrudSimulation.BASE_URL, server.baseUrl().toString());
        System.setProperty(PetsCrudSimulation.USERS_PER_SECOND, Double.toString(usersPerSecond));
        System.setProperty(PetsCrudSimulation.SECONDS, Integer.toString(seconds));
        var status = Gatling$.MODULE$.fromArgs(
                new String[] {"-s", PetsCrudSimulation.class.getName(), "-rf", results.toString()});
        if (status != 0) {
            throw new IllegalStateException("Gatling failed with status " + status);
        }
    }

    private static Path newestReport(Path results) throws IOException {
        try (var runs = Files.list(results)) {
            return runs.filter(Files::isDirectory)
                    .max((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .map(run -> run.resolve("index.html"))
                    .orElseThrow(() -> new IllegalStateException("No Gatling report in " + results));
        }
    }
}
