package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.Requests.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Problems;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a client sends, it gets a 4xx problem that names what to fix, and nothing is stored. {@code PET} in a
 * path stands for an existing pet.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class BadInputTest {

    private final FrontDoor door;

    private static final String PET = "{pet}";
    private static final String JSON = "application/json";

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    BadInputTest(FrontDoor door) {
        this.door = door;
    }

    static Stream<Arguments> badRequests() {
        var tooLong = "x".repeat(101);
        var tooLarge = "{\"name\":\"" + "x".repeat(20_000) + "\",\"kind\":\"dog\"}";
        return Stream.of(
                bad("malformed JSON", "POST", "/pets", JSON, "{\"name\":\"Rex\"", 400, "body"),
                bad("empty body", "POST", "/pets", JSON, "", 400, "body"),
                bad("a null body", "POST", "/pets", JSON, "null", 400, "body"),
                bad("a null patch", "PATCH", "/pets/" + PET, JSON, "null", 400, "body"),
                bad("an array instead of an object", "POST", "/pets", JSON, "[]", 400, "body"),
                bad("trailing garbage", "POST", "/pets", JSON, "{\"name\":\"Rex\",\"kind\":\"dog\"} x", 400, "body"),
                bad(
                        "a duplicate field",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"a\",\"name\":\"b\",\"kind\":\"dog\"}",
                        400,
                        "body"),
                bad("name missing", "POST", "/pets", JSON, "{\"kind\":\"dog\"}", 400, "name"),
                bad("name null", "POST", "/pets", JSON, "{\"name\":null,\"kind\":\"dog\"}", 400, "name"),
                bad("kind missing", "POST", "/pets", JSON, "{\"name\":\"Rex\"}", 400, "kind"),
                bad("name a number", "POST", "/pets", JSON, "{\"name\":42,\"kind\":\"dog\"}", 400, "name"),
                bad("name an object", "POST", "/pets", JSON, "{\"name\":{},\"kind\":\"dog\"}", 400, "name"),
                bad("kind unknown", "POST", "/pets", JSON, "{\"name\":\"Rex\",\"kind\":\"dragon\"}", 400, "kind"),
                bad("kind a number", "POST", "/pets", JSON, "{\"name\":\"Rex\",\"kind\":1}", 400, "kind"),
                bad("kind in capitals", "POST", "/pets", JSON, "{\"name\":\"Rex\",\"kind\":\"DOG\"}", 400, "kind"),
                bad("kind with a space", "POST", "/pets", JSON, "{\"name\":\"Rex\",\"kind\":\" dog\"}", 400, "kind"),
                bad(
                        "kind after a NUL",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"Rex\",\"kind\":\"\\u0000dog\"}",
                        400,
                        "kind"),
                bad("name blank", "POST", "/pets", JSON, "{\"name\":\"   \",\"kind\":\"dog\"}", 400, "name"),
                // String.isBlank() passes a no-break space, which looks no different from a space.
                bad(
                        "name of no-break spaces",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"\\u00a0\\u202f\",\"kind\":\"dog\"}",
                        400,
                        "name"),
                bad(
                        "name too long",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"" + tooLong + "\",\"kind\":\"dog\"}",
                        400,
                        "name"),
                bad(
                        "name with a newline",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"Rex\\nINFO fake\",\"kind\":\"dog\"}",
                        400,
                        "name"),
                bad(
                        "name with a right-to-left override",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"Rex\\u202Egod\",\"kind\":\"dog\"}",
                        400,
                        "name"),
                bad(
                        "name with a lone surrogate",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"Rex\\ud800\",\"kind\":\"dog\"}",
                        400,
                        "name"),
                bad(
                        "an unknown field",
                        "POST",
                        "/pets",
                        JSON,
                        "{\"name\":\"Rex\",\"kind\":\"dog\",\"age\":3}",
                        400,
                        "age"),
                bad("body too large", "POST", "/pets", JSON, tooLarge, 413, null),
                bad(
                        "not JSON content type",
                        "POST",
                        "/pets",
                        "text/plain",
                        "{\"name\":\"Rex\",\"kind\":\"dog\"}",
                        415,
                        null),
                bad("no content type", "POST", "/pets", null, "{\"name\":\"Rex\",\"kind\":\"dog\"}", 415, null),
                // A 500 through API Gateway before: the Lambda adapter's Charset.forName("\"utf-8\"") threw.
                bad("a quoted charset", "POST", "/pets", JSON + "; charset=\"utf-8\"", "{\"name\":\"Rex\"}", 415, null),
                bad(
                        "a charset after a space",
                        "POST",
                        "/pets",
                        JSON + "; charset= utf-8",
                        "{\"name\":\"Rex\"}",
                        415,
                        null),
                bad("another charset", "POST", "/pets", JSON + "; charset=iso-8859-1", "{\"name\":\"Rex\"}", 415, null),
                bad("an empty patch", "PATCH", "/pets/" + PET, JSON, "{}", 400, "body"),
                bad(
                        "a patch with an unknown field",
                        "PATCH",
                        "/pets/" + PET,
                        JSON,
                        "{\"colour\":\"red\"}",
                        400,
                        "colour"),
                bad("a patch with a wrong type", "PATCH", "/pets/" + PET, JSON, "{\"kind\":true}", 400, "kind"),
                bad(
                        "a patch as form data",
                        "PATCH",
                        "/pets/" + PET,
                        "application/x-www-form-urlencoded",
                        "name=Max",
                        415,
                        null),
                bad("limit zero", "GET", "/pets?limit=0", null, "", 400, "limit"),
                bad("limit too big", "GET", "/pets?limit=101", null, "", 400, "limit"),
                bad("limit not a number", "GET", "/pets?limit=ten", null, "", 400, "limit"),
                bad("a token that is not base64", "GET", "/pets?next_token=%25%25", null, "", 400, "next_token"),
                bad("a tampered token", "GET", "/pets?next_token=YWZ0ZXI6bm90LWFuLWlk", null, "", 400, "next_token"),
                // Refused through both doors: the local server read it as absent, as if no token had been sent.
                bad("a token with no value", "GET", "/pets?limit=1&next_token", null, "", 400, "next_token"),
                bad("a malformed pet id", "GET", "/pets/42", null, "", 400, "id"),
                bad("an unknown pet", "GET", "/pets/00000000-0000-4000-8000-000000000000", null, "", 404, null),
                bad("an unknown route", "GET", "/cats", null, "", 404, null),
                bad("a wrong method", "PUT", "/pets", JSON, "{}", 405, null),
                bad("a wrong method on a pet", "POST", "/pets/" + PET, JSON, "{}", 405, null));
    }

    @ParameterizedTest(name = "{0} is a {5}")
    @MethodSource("badRequests")
    void bad_input_gets_a_4xx_problem_and_changes_nothing(
            String name, String method, String path, String contentType, String body, int status, String field) {
        door.test(app, (server, client) -> {
            var existing = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");
            var location = door.appPath(header(existing, "Location"));
            var target = path.replace("/pets/" + PET, location);

            var response = client.request(target, withBody(method, contentType, body));

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), status);
            if (field != null) {
                assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
                assertThat(problem.path("errors").findValuesAsText("message"))
                        .allSatisfy(m -> assertThat(m).isNotBlank().doesNotMatch("[A-Z_]+"));
            }
            var list = Problems.parse(client.get("/pets").body().string());
            assertThat(list.path("items")).hasSize(1);
            assertThat(client.get(location).body().string())
                    .isEqualTo(existing.body().string());
        });
    }

    private static Arguments bad(
            String name, String method, String path, String contentType, String body, int status, String field) {
        return Arguments.of(name, method, path, contentType, body, status, field);
    }
}
