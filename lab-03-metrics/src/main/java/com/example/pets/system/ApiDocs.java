package com.example.pets.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The OpenAPI document ({@code /openapi.json}) and Swagger UI ({@code /docs}). Every URL they contain starts with
 * the {@link BasePath}, so behind an API Gateway stage {@code /prod/docs} loads {@code /prod/openapi.json}.
 *
 * <p>Swagger UI's files come from the swagger-ui webjar on the classpath and are served by a route, not by Jetty's
 * static file handler, because on Lambda there is no Jetty: the two the page loads, all that the artifact keeps.
 */
public class ApiDocs {

    private static final Map<String, ContentType> ASSETS =
            Map.of("swagger-ui.css", ContentType.TEXT_CSS, "swagger-ui-bundle.js", ContentType.TEXT_JS);

    private final ServiceInfo info;
    private final ObjectNode document;
    private final String page;

    public ApiDocs(ServiceInfo info) {
        this.info = info;
        try {
            this.document = (ObjectNode) Json.mapper().readTree(resource("/openapi.json"));
            this.page = new String(resource("/docs.html").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        document.withObject("/info").put("version", info.version());
    }

    public void document(Context ctx) {
        var copy = document.deepCopy();
        copy.putArray("servers").addObject().put("url", BasePath.of(ctx).isEmpty() ? "/" : BasePath.of(ctx));
        ctx.json(copy);
    }

    public void page(Context ctx) {
        ctx.html(page.replace("{{base}}", BasePath.of(ctx)));
    }

    public void asset(Context ctx) {
        var name = ctx.pathParam("asset");
        var type = ASSETS.get(name);
        if (type == null) {
            throw new NotFoundResponse("There is no docs asset '" + name + "'.");
        }
        var path = "/META-INF/resources/webjars/swagger-ui/" + info.swaggerUiVersion() + "/" + name;
        ctx.header("Cache-Control", "public, max-age=86400").contentType(type).result(resource(path));
    }

    private static InputStream resource(String path) {
        var in = ApiDocs.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("Missing resource " + path);
        }
        return in;
    }
}
