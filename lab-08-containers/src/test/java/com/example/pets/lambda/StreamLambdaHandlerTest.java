package com.example.pets.lambda;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Problems.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.local.apigateway.RestApiSettings;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lambda entry point, fed the API Gateway REST events in {@code events/} exactly as Lambda would feed them.
 * The events come through the {@code prod} stage, so links must carry the {@code /prod} prefix.
 */
class StreamLambdaHandlerTest {

    private StreamLambdaHandler handler;

    @BeforeEach
    void startFunction() {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        handler = new StreamLambdaHandler(PetsApp.create(repository));
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource({
        "get-root.json, 200",
        "list-pets.json, 200",
        "create-pet.json, 201",
        "create-invalid-pet.json, 400",
        "get-pet.json, 200",
        "get-missing-pet.json, 404",
        "update-pet.json, 200",
        "delete-pet.json, 204",
        "fail.json, 500",
        "docs.json, 200",
        "openapi.json, 200"
    })
    void every_event_file_gets_the_expected_status(String event, int status) throws IOException {
        assertThat(invoke(event).path("statusCode").asInt()).isEqualTo(status);
    }

    @Test
    void a_created_pet_is_located_under_the_stage() throws IOException {
        var response = invoke("create-pet.json");

        var pet = parse(response.path("body").asText());
        assertThat(header(response, "Location"))
                .isEqualTo("/prod/pets/" + pet.path("id").asText());
        assertThat(pet.path("name").asText()).isEqualTo("Luna");
    }

    @Test
    void the_docs_page_loads_the_document_and_assets_under_the_stage() throws IOException {
        var page = invoke("docs.json").path("body").asText();

        assertThat(page).contains("url: \"/prod/openapi.json\"", "/prod/docs/swagger-ui-bundle.js");
    }

    @Test
    void the_openapi_document_names_the_stage_as_its_server() throws IOException {
        var document = parse(invoke("openapi.json").path("body").asText());

        assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo("/prod");
    }

    @Test
    void errors_on_lambda_are_the_same_problem_documents() throws IOException {
        var response = invoke("get-missing-pet.json");

        assertProblem(header(response, "Content-Type"), response.path("body").asText(), 404);
        assertThat(parse(response.path("body").asText()).path("instance").asText())
                .isEqualTo("/prod/pets/00000000-0000-4000-8000-000000000000");
    }

    @Test
    void a_patch_from_an_event_changes_the_stored_pet() throws IOException {
        invoke("update-pet.json");

        var pet = parse(invoke("get-pet.json").path("body").asText());
        assertThat(pet.path("name").asText()).isEqualTo("Rex the Second");
    }

    @Test
    void a_name_beyond_latin_1_is_stored_as_sent() throws IOException {
        var event = (ObjectNode) parse(Files.readString(Path.of("events", "create-pet.json")));
        event.put("body", "{\"name\":\"\u0141ucja \uD83D\uDC36\",\"kind\":\"dog\"}");

        var created = parse(
                invoke(Json.mapper().writeValueAsBytes(event)).path("body").asText());

        assertThat(created.path("name").asText()).isEqualTo("\u0141ucja \uD83D\uDC36");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "get-root.json",
                "list-pets.json",
                "create-pet.json",
                "get-pet.json",
                "get-missing-pet.json",
                "fail.json",
                "docs.json",
                "openapi.json"
            })
    void no_answer_is_base64_unless_the_api_declares_its_type_binary(String file) throws IOException {
        // What a browser sends: were the app to gzip, the body would have to leave as base64, and API Gateway would
        // hand that text to the browser, since the API declares no binary media types.
        var event = (ObjectNode) parse(Files.readString(Path.of("events", file)));
        event.withObject("/headers").put("Accept-Encoding", "gzip, deflate, br");
        event.withObject("/multiValueHeaders").putArray("Accept-Encoding").add("gzip, deflate, br");

        var response = invoke(Json.mapper().writeValueAsBytes(event));

        var binary = RestApiSettings.PETS_API.isBinary(header(response, "Content-Type"));
        assertThat(response.path("isBase64Encoded").asBoolean()).isEqualTo(binary);
        assertThat(header(response, "Content-Encoding")).isIn("", null);
    }

    private JsonNode invoke(String event) throws IOException {
        return invoke(Files.readAllBytes(Path.of("events", event)));
    }

    private JsonNode invoke(byte[] event) throws IOException {
        var output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, new LocalLambdaContext());
        return parse(output.toString(StandardCharsets.UTF_8));
    }

    private static String header(JsonNode response, String name) {
        var single = response.path("headers").path(name);
        return single.isMissingNode()
                ? response.path("multiValueHeaders").path(name).path(0).asText()
                : single.asText();
    }
}
