package com.example.pets.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.support.LocalProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** {@code ./mvnw compile exec:java} as a student runs it: a separate JVM, its exit code and what it prints. */
@Execution(ExecutionMode.CONCURRENT)
class LocalServerTest {

    private static final Pattern LISTENING = Pattern.compile("Pets API listening on http://localhost:(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_second_server_on_a_taken_port_stops_with_one_line_and_a_non_zero_exit_code() throws Exception {
        try (var taken = new ServerSocket(0)) {
            var port = taken.getLocalPort();
            var server = LocalProcess.start(LocalServer.class, Map.of("PORT", Integer.toString(port)));

            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.lines()).singleElement().asString().contains("Port " + port + " is in use", "set PORT=");
        }
    }

    @Test
    void a_port_that_is_not_a_number_stops_with_one_line() throws Exception {
        var server = LocalProcess.start(LocalServer.class, Map.of("PORT", "seventy"));

        assertThat(server.exitCode()).isEqualTo(1);
        assertThat(server.lines()).singleElement().asString().contains("PORT=seventy is not a port number");
    }

    @Test
    void a_data_folder_that_cannot_be_used_stops_with_one_line_naming_it(@TempDir Path tmp) throws Exception {
        var file = Files.writeString(tmp.resolve("not-a-folder"), "");
        var server = LocalProcess.start(
                LocalServer.class,
                Map.of(
                        "PORT",
                        "0",
                        "DYNAMODB_LOCAL_DATA_DIR",
                        file.resolve("data").toString()));

        assertThat(server.exitCode()).isEqualTo(1);
        assertThat(server.lines())
                .singleElement()
                .asString()
                .contains("DYNAMODB_LOCAL_DATA_DIR=" + file.resolve("data"), file + " is a file, not a folder");
    }

    @Test
    void a_missing_data_folder_is_created_and_keeps_pets_across_restarts(@TempDir Path tmp) throws Exception {
        var dataDir = tmp.resolve("dynamodb-data/nested");
        var env = Map.of("PORT", "0", "DYNAMODB_LOCAL_DATA_DIR", dataDir.toString());

        String location;
        try (var server = LocalProcess.start(LocalServer.class, env)) {
            var base = baseUrl(server);
            assertThat(server.lines()).anyMatch(line -> line.contains("data in " + dataDir));
            var created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/pets"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Rex\",\"kind\":\"dog\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            location = created.headers().firstValue("Location").orElseThrow();
        }
        assertThat(dataDir).isDirectory();

        try (var server = LocalProcess.start(LocalServer.class, env)) {
            var again = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl(server) + location))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("\"name\":\"Rex\"");
        }
    }

    private static String baseUrl(LocalProcess server) throws InterruptedException {
        var matcher = LISTENING.matcher(
                server.awaitLine(line -> LISTENING.matcher(line).find()));
        assertThat(matcher.find()).isTrue();
        return "http://localhost:" + matcher.group(1);
    }
}
