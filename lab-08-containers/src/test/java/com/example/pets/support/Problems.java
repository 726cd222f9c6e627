package com.example.pets.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;

/** Checks that a response body is the API's one error shape, and nothing leaked from inside the server. */
public final class Problems {

    private Problems() {}

    public static JsonNode assertProblem(String contentType, String body, int status) {
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(body).doesNotContain("Exception", "\tat ", "at com.", "at io.", "java.");
        var problem = parse(body);
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    public static JsonNode parse(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
