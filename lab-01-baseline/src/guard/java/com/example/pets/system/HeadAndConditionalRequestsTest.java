package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Problems;
import com.example.pets.support.RawHttp;
import com.example.pets.support.TestDynamoDb;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HEAD and {@code If-None-Match} as RFC 9110 has them, through both front doors: a HEAD answers with GET's status
 * and headers and no body, and a conditional header never makes a stored write look undone.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class HeadAndConditionalRequestsTest {

    private static final String MISSING = "/pets/00000000-0000-4000-8000-000000000000";

    private final FrontDoor.Running running;

    HeadAndConditionalRequestsTest(FrontDoor door) {
        this.running = door.start(PetsApp.create(TestDynamoDb.newRepository()));
    }

    @Test
    void head_answers_with_the_status_and_headers_of_get_and_no_body() {
        try (running) {
            var location =
                    created().header("Location").substring(running.prefix().length());
            var get = send(request("GET", location));

            var head = send(request("HEAD", location));

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("ETag")).isEqualTo(get.header("ETag")).isEqualTo("\"1\"");
            assertThat(head.contentType()).isEqualTo(get.contentType());
            // GET's length or none (RFC 9110, 9.3.2): a 0 would say GET's body is empty.
            assertThat(head.header("Content-Length")).isIn(get.header("Content-Length"), null);
            assertThat(head.body()).isEmpty();
            // Left to Javalin, both were a bare 200: a pet that does not exist seemed to.
            assertThat(send(request("HEAD", MISSING)).status()).isEqualTo(404);
            assertThat(send(request("HEAD", "/pets/42")).status()).isEqualTo(400);
            assertThat(send(request("HEAD", "/pets")).header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void if_none_match_on_a_write_is_refused_before_anything_is_stored() {
        try (running) {
            // Javalin answered 304 Not Modified, with no body, to a create it had stored: "1" is a new pet's ETag.
            var create = send(
                    json("POST", "/pets", "{\"name\":\"Rex\",\"kind\":\"dog\"}").header("If-None-Match", "\"1\""));
            assertProblem(create.contentType(), create.text(), 400);
            assertThat(Problems.parse(send(request("GET", "/pets")).text()).path("items"))
                    .isEmpty();

            var location =
                    created().header("Location").substring(running.prefix().length());
            var update = send(json("PATCH", location, "{\"name\":\"Max\"}").header("If-None-Match", "\"2\""));
            assertProblem(update.contentType(), update.text(), 400);
            var delete = send(request("DELETE", location).header("If-None-Match", "*"));
            assertProblem(delete.contentType(), delete.text(), 400);
            assertThat(send(request("GET", location)).text()).contains("\"name\":\"Rex\"");
            // A read keeps the header's meaning: the pet has not changed since "1".
            var notModified = send(request("GET", location).header("If-None-Match", "\"1\""));
            assertThat(notModified.status()).isEqualTo(304);
            // Not the type of a body it does not send: a cache updates its stored answer with a 304's header fields
            // (RFC 9111, 3.2), and text/plain would replace the stored application/json.
            assertThat(notModified.header("Content-Type")).isNull();
            assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
        }
    }

    /** A cache may weaken the ETag it stored ({@code W/"1"}) or hold several: If-None-Match compares weakly. */
    @Test
    void if_none_match_takes_a_weak_tag_a_list_or_a_star() {
        try (running) {
            var location =
                    created().header("Location").substring(running.prefix().length());

            for (var header : List.of("W/\"1\"", "\"7\", W/\"1\"", "*")) {
                var read = send(request("GET", location).header("If-None-Match", header));
                assertThat(read.status()).as(header).isEqualTo(304);
            }
            var changed = send(request("GET", location).header("If-None-Match", "W/\"2\", \"11\""));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.text()).contains("\"name\":\"Rex\"");
            assertThat(send(request("GET", MISSING).header("If-None-Match", "*"))
                            .status())
                    .isEqualTo(404);
        }
    }

    /** The same answer through API Gateway, whose ANY method covers OPTIONS too, as from the local server. */
    @Test
    void options_gets_the_apps_405_naming_the_allowed_methods() {
        try (running) {
            var options = send(request("OPTIONS", "/pets"));

            assertThat(options.status()).isEqualTo(405);
            assertThat(options.header("Allow")).isEqualTo("GET, POST, HEAD");
        }
    }

    private RawHttp.Response created() {
        var response = send(json("POST", "/pets", "{\"name\":\"Rex\",\"kind\":\"dog\"}"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response;
    }

    private static RawHttp.Request json(String method, String path, String body) {
        return request(method, path).header("Content-Type", "application/json").body(body);
    }

    private RawHttp.Response send(RawHttp.Request request) {
        return request.send(running.port(), running.prefix());
    }
}
