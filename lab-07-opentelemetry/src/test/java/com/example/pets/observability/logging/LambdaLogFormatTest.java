package com.example.pets.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.LambdaJsonLogFormat;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every line the function writes on Lambda is one Lambda reads as written: one JSON object per line, a recognised
 * {@code level}, an RFC 3339 {@code timestamp}. Otherwise Lambda calls the line INFO and its log-level filter may drop
 * it, whatever it said. The run covers start-up, the SnapStart priming request, every event in {@code events/} (an
 * error among them), two invocations (so a cold start), the EMF documents, and the AWS SDK library at DEBUG,
 * so that their output is checked too.
 */
class LambdaLogFormatTest {

    /** Libraries whose output takes the same way: SLF4J, then this app's logback.xml. */
    private static final List<String> LIBRARIES = List.of("software.amazon.awssdk");

    @Test
    void every_line_the_function_writes_satisfies_lambdas_json_log_format() throws IOException {
        List<String> lines;
        try (var console = StdoutCapture.withStderr()) {
            librariesAt(Level.DEBUG);
            try {
                runTheFunction();
            } finally {
                librariesAt(null);
            }
            lines = console.lines();
        }

        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(LambdaJsonLogFormat.problems(line)).as(line).isEmpty());
        // The check saw every kind of line, so it could have failed on each.
        assertThat(lines)
                .anyMatch(line -> line.contains("\"_aws\""))
                .anyMatch(line -> line.contains("\"message\":\"Request handled\""))
                .anyMatch(line -> line.contains("\"message\":\"Primed for SnapStart\""))
                .anyMatch(line -> line.contains("\"level\":\"ERROR\""))
                .anyMatch(line -> LambdaJsonLogFormat.object(line)
                        .map(json -> json.path("logger").asText())
                        .filter(logger ->
                                !logger.isEmpty() && !logger.startsWith("c.e.") && !logger.startsWith("com.example"))
                        .isPresent());
    }

    /**
     * Start-up, the priming request SnapStart sends before the snapshot, then every event file, in name order;
     * {@code list-pets.json} twice, so one is warm.
     */
    static void runTheFunction() throws IOException {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        var handler = new StreamLambdaHandler(PetsApp.create(repository));
        handler.beforeCheckpoint(null);
        for (var event : eventFiles()) {
            invoke(handler, event);
        }
        invoke(handler, Path.of("events", "list-pets.json"));
    }

    static void invoke(StreamLambdaHandler handler, Path event) throws IOException {
        try (var input = Files.newInputStream(event)) {
            handler.handleRequest(input, new ByteArrayOutputStream(), new LocalLambdaContext());
        }
    }

    private static List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    private static void librariesAt(Level level) {
        LIBRARIES.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
}
