package com.example.pets.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Logs Insights queries in {@code logs-insights/} are the ones the README shows, and use fields the app writes. */
class LogsInsightsQueriesTest {

    private static final Pattern FIELD =
            Pattern.compile("\\b([a-z]+_[a-z_]+|level|message|route|method|status|path)\\b");

    @Test
    void every_query_is_shown_in_the_readme_exactly_as_shipped() throws IOException {
        var readme = Files.readString(Path.of("README.md"));
        try (Stream<Path> queries = Files.list(Path.of("logs-insights"))) {
            var files = queries.toList();

            assertThat(files).hasSizeGreaterThanOrEqualTo(3);
            assertThat(files).allSatisfy(query -> assertThat(readme).contains(Files.readString(query)));
        }
    }

    @Test
    void queries_only_use_fields_the_app_writes() throws IOException, IllegalAccessException {
        var known = new java.util.HashSet<String>();
        for (var field : LogKeys.class.getFields()) {
            known.add((String) field.get(null));
        }
        known.addAll(java.util.List.of("level", "message", "exception_name", "exception", "pet_id", "pet_name"));
        var aliases = java.util.Set.of("cold_starts", "avg_ms", "p99_ms", "errors", "requests");
        try (Stream<Path> queries = Files.list(Path.of("logs-insights"))) {
            for (var query : queries.toList()) {
                var matcher = FIELD.matcher(Files.readString(query).replaceAll("\"[^\"]*\"", "\"\""));
                while (matcher.find()) {
                    var field = matcher.group(1);
                    if (!aliases.contains(field)) {
                        assertThat(known)
                                .as(query.getFileName() + " uses " + field)
                                .contains(field);
                    }
                }
            }
        }
    }
}
