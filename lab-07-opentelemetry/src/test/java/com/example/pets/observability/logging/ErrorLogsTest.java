package com.example.pets.observability.logging;

import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import io.javalin.testtools.Request;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** An unhandled exception is logged exactly once, at ERROR, with its stack trace and the request's context. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class ErrorLogsTest {

    private final FrontDoor door;

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    ErrorLogsTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void an_unhandled_exception_is_one_error_line_with_the_stack_and_the_request_context() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response =
                        client.request("/fail", new Request.Builder().get().header("X-Correlation-Id", "err-1"));

                stdout.awaitLine(line -> line.path("message").asText().equals("Request handled"));
                var errors = stdout.logLines(line -> line.path("level").asText().equals("ERROR"));
                assertThat(errors).hasSize(1);
                var error = errors.get(0);
                assertThat(error.path("exception_name").asText()).isEqualTo("java.lang.IllegalStateException");
                assertThat(error.path("exception").asText())
                        .contains("Deliberate failure", "\tat com.example.pets.system.SystemController.fail");
                assertThat(error.path("correlation_id").asText()).isEqualTo("err-1");
                assertThat(error.path("route").asText()).isEqualTo("/fail");
                assertThat(error.path("method").asText()).isEqualTo("GET");

                assertThat(header(response, "X-Correlation-Id")).isEqualTo("err-1");
                var problem = parse(response.body().string());
                assertThat(problem.path("status").asInt()).isEqualTo(500);
                assertThat(problem.path("correlation_id").asText()).isEqualTo("err-1");
            });
        }
    }

    @Test
    void on_lambda_the_error_line_also_names_the_invocation() throws Exception {
        var handler = new StreamLambdaHandler(app);
        var context = new LocalLambdaContext();
        try (var stdout = StdoutCapture.start()) {
            try (var input = Files.newInputStream(Path.of("events", "fail.json"))) {
                handler.handleRequest(input, new ByteArrayOutputStream(), context);
            }

            var errors = stdout.logLines(line -> line.path("level").asText().equals("ERROR"));
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).path("function_request_id").asText()).isEqualTo(context.getAwsRequestId());
            assertThat(errors.get(0).path("cold_start").asBoolean()).isTrue();
        }
    }

    @Test
    void client_errors_are_not_logged_as_errors() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                client.get("/pets/not-an-id");
                client.get("/nowhere");

                stdout.awaitLine(line -> line.path("status").asInt() == 404);
                assertThat(stdout.logLines(line -> line.path("level").asText().equals("ERROR")))
                        .isEmpty();
            });
        }
    }
}
