package com.example.pets.system;

import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenAPI document is written by hand; this keeps it and the routes the app really has in agreement, and checks
 * that the document and Swagger UI reach a browser as text through both front doors.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class OpenApiDocumentTest {

    private final FrontDoor door;

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    OpenApiDocumentTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void the_document_lists_exactly_the_routes_the_app_serves() {
        door.test(app, (server, client) -> {
            var document = parse(client.get("/openapi.json").body().string());

            var documented = new TreeSet<String>();
            document.path("paths")
                    .properties()
                    .forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                        if (!method.equals("parameters")) {
                            documented.add(method.toUpperCase() + " " + path.getKey());
                        }
                    }));

            assertThat(documented).isEqualTo(routes(app));
        });
    }

    @Test
    void the_document_carries_the_service_version_and_a_server_url() {
        door.test(app, (server, client) -> {
            var document = parse(client.get("/openapi.json").body().string());

            assertThat(document.path("openapi").asText()).startsWith("3.1");
            assertThat(document.path("info").path("version").asText()).isEqualTo("1.0.0");
            assertThat(document.path("servers").get(0).path("url").asText())
                    .isEqualTo(door.path("").isEmpty() ? "/" : door.path(""));
        });
    }

    @Test
    void the_docs_page_and_its_assets_are_served_locally() {
        door.test(app, (server, client) -> {
            assertThat(client.get("/docs").body().string()).contains("url: \"" + door.path("/openapi.json") + "\"");
            assertThat(client.get("/docs/swagger-ui-bundle.js").code()).isEqualTo(200);
            assertThat(client.get("/docs/swagger-ui.css").code()).isEqualTo(200);
            assertThat(client.get("/docs/pom.xml").code()).isEqualTo(404);
            // Not loaded by the page, and not in the Lambda artifact: it was a 500 there.
            assertThat(client.get("/docs/swagger-ui-standalone-preset.js").code())
                    .isEqualTo(404);
        });
    }

    @Test
    void the_document_and_the_docs_assets_arrive_as_text_a_browser_can_read() {
        door.test(app, (server, client) -> {
            var document = client.get("/openapi.json");
            assertThat(header(document, "Content-Type")).startsWith("application/json");
            assertThat(parse(document.body().string()).path("openapi").asText()).startsWith("3.1");

            var script = client.get("/docs/swagger-ui-bundle.js");
            assertThat(header(script, "Content-Type")).startsWith("text/javascript");
            assertThat(script.body().string()).contains("SwaggerUIBundle");
            assertThat(client.get("/docs/swagger-ui.css").body().string()).contains(".swagger-ui");
        });
    }

    private static Set<String> routes(Javalin app) {
        var routes = new TreeSet<String>();
        app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod()) // not before/after handlers
                .filter(endpoint -> endpoint.method != HandlerType.HEAD) // GET's handler, implied by GET (RFC 9110)
                .forEach(endpoint -> routes.add(endpoint.method.name() + " " + endpoint.path));
        return routes;
    }
}
