package com.example.pets.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.observability.logging.RequestLogging;
import com.example.pets.support.Requests;
import com.example.pets.support.StdoutCapture;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Exercise 3 of lab-02 (SOLUTIONS.md): a key put in the MDC when a request starts is a field of every line the
 * request writes, the access line included. The app here registers {@link RequestLogging} as {@code PetsApp} does,
 * then the exercise's {@code MDC.put}; its route logs a line as {@code PetService} does.
 */
class UserAgentOnEveryLineTest {

    private static final Logger log = LoggerFactory.getLogger(UserAgentOnEveryLineTest.class);

    private final Javalin app = Javalin.create(config -> {
        RequestLogging.register(config);
        config.routes.before(ctx -> MDC.put("user_agent", String.valueOf(ctx.header("User-Agent"))));
        config.routes.post("/pets", ctx -> {
            log.atInfo().setMessage("Pet created").log();
            ctx.status(201);
        });
    });

    @Test
    void the_user_agent_is_on_the_pet_created_line_and_on_the_access_line() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            JavalinTest.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                client.request(
                        "/pets",
                        Requests.json("POST", "{}")
                                .header("User-Agent", "exercise/1.0")
                                .header("X-Correlation-Id", "exercise-3"));

                var access =
                        stdout.awaitLine(line -> line.path("message").asText().equals("Request handled"));
                var lines = stdout.logLines(
                        line -> line.path("correlation_id").asText().equals("exercise-3"));

                assertThat(lines)
                        .extracting(line -> line.path("message").asText())
                        .contains("Pet created", "Request handled");
                assertThat(lines)
                        .allSatisfy(line ->
                                assertThat(line.path("user_agent").asText()).isEqualTo("exercise/1.0"));
                assertThat(access.path("status").asInt()).isEqualTo(201);
            });
        }
    }
}
