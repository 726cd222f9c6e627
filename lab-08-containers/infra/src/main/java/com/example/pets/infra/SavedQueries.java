package com.example.pets.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * Logs Insights queries saved next to the function's log group (CloudWatch console, Logs Insights, Saved
 * queries). They are the lab's {@code logs-insights/*.query} files, word for word, so what the course
 * shows and what the account runs cannot drift apart. Saved queries cost nothing; running one is billed
 * per GB scanned, which for a course-sized log group rounds to zero.
 */
public class SavedQueries extends Construct {

    /** The console shows the part before the slash as a folder. */
    static final String FOLDER = PetsApiFacts.SERVICE_NAME;

    /** The queries of lab-02 onward, beside this project. */
    static final Path QUERIES = Path.of("..", "logs-insights");

    public SavedQueries(Construct scope, String id, ILogGroup logGroup) {
        super(scope, id);
        for (var file : queryFiles()) {
            var name = file.getFileName().toString().replaceFirst("\\.query$", "");
            CfnQueryDefinition.Builder.create(this, name)
                    .name(FOLDER + "/" + name)
                    .queryString(read(file).strip())
                    .logGroupNames(List.of(logGroup.getLogGroupName()))
                    .build();
        }
    }

    static List<Path> queryFiles() {
        try (Stream<Path> files = Files.list(QUERIES)) {
            return files.filter(file -> file.toString().endsWith(".query"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the saved queries in " + QUERIES.toAbsolutePath(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
