package com.example.pets.support;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.pets.PetRepository;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A run of the function in one execution environment: start-up, the priming request SnapStart sends before the
 * snapshot, then every event in {@code events/} in name order (an error among them), then {@code list-pets.json}
 * once more, warm. Its lines are what the function wrote to stdout and stderr, which is what Lambda sends to
 * CloudWatch Logs.
 */
public final class FunctionRun {

    private FunctionRun() {}

    /** The lines of a run of the app that {@code app} builds on a table holding the sample pet. */
    public static List<String> linesOf(Function<PetRepository, Javalin> app) throws IOException {
        try (var console = StdoutCapture.withStderr()) {
            var repository = TestDynamoDb.newRepository();
            repository.create(LocalInvoke.samplePet());
            var handler = new StreamLambdaHandler(app.apply(repository));
            handler.beforeCheckpoint(null);
            for (var event : eventFiles()) {
                invoke(handler, event);
            }
            invoke(handler, Path.of("events", "list-pets.json"));
            return console.lines();
        }
    }

    private static void invoke(StreamLambdaHandler handler, Path event) throws IOException {
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
}
