package com.example.pets.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Logs Insights queries in {@code logs-insights/} are the ones the README shows, and use fields the app writes. */
class LogsInsightsQueriesTest {

    private static final Pattern FIELD =
            Pattern.compile("\\b([a-z]+_[a-z_]+|level|message|route|method|status|path)\\b");

    @Test
    void every_query_is_shown_in_the_readmes_exactly_as_shipped() throws IOException {
        var folderReadme = Files.readString(Path.of("logs-insights", "README.md"));
        var labReadme = Files.readString(Path.of("README.md"));
        // The lab that introduces the queries shows them in its own README too.
        var labShowsQueries = labReadme.contains("## Query the logs");
        for (var query : queryFiles()) {
            assertThat(folderReadme).contains(Files.readString(query));
            if (labShowsQueries) {
                assertThat(labReadme).contains(Files.readString(query));
            }
        }
        assertThat(queryFiles()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void queries_only_use_fields_the_app_writes() throws IOException, IllegalAccessException {
        var known = new HashSet<String>();
        for (var field : LogKeys.class.getFields()) {
            known.add((String) field.get(null));
        }
        known.addAll(List.of("level", "message", "exception_name", "exception", "pet_id", "pet_name"));
        var aliases = Set.of("cold_starts", "avg_ms", "p99_ms", "errors", "requests");
        for (var query : queryFiles()) {
            // String literals such as "Request handled" are values, not field names.
            var matcher = FIELD.matcher(Files.readString(query).replaceAll("\"[^\"]*\"", "\"\""));
            while (matcher.find()) {
                var field = matcher.group(1);
                if (!aliases.contains(field)) {
                    assertThat(known).as(query.getFileName() + " uses " + field).contains(field);
                }
            }
        }
    }

    private static List<Path> queryFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("logs-insights"))) {
            return files.filter(file -> file.toString().endsWith(".query"))
                    .sorted()
                    .toList();
        }
    }
}
