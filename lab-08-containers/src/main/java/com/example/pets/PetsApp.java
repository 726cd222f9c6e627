package com.example.pets;

import com.example.pets.observability.Observability;
import com.example.pets.pets.PetController;
import com.example.pets.pets.PetErrors;
import com.example.pets.pets.PetRepository;
import com.example.pets.pets.PetService;
import com.example.pets.system.ApiDocs;
import com.example.pets.system.ErrorHandlers;
import com.example.pets.system.Json;
import com.example.pets.system.MethodOverride;
import com.example.pets.system.ProblemErrorHandler;
import com.example.pets.system.ServiceInfo;
import com.example.pets.system.SystemController;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Builds the Pets API. The local server, the Lambda entry point, the container and the tests all call {@link #create},
 * so the app they exercise is the same one.
 */
public final class PetsApp {

    /** Bodies are small JSON documents; anything bigger is refused with 413 before it is read. */
    public static final long MAX_REQUEST_BYTES = 16 * 1024;

    private PetsApp() {}

    public static Javalin create(PetRepository repository) {
        return create(repository, Clock.systemUTC(), Observability.fromEnvironment());
    }

    public static Javalin create(PetRepository repository, Clock clock, Observability observability) {
        return create(repository, clock, observability, config -> {});
    }

    /** {@code runtime}: what one runtime adds to the same app, such as the container's health checks. */
    public static Javalin create(
            PetRepository repository, Clock clock, Observability observability, Consumer<JavalinConfig> runtime) {
        var info = ServiceInfo.load();
        var pets = new PetController(new PetService(observability.around(repository), clock));
        var system = new SystemController(info);
        var docs = new ApiDocs(info);

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.prefer405over404 = true;
            // API Gateway compresses for the client; a body gzipped here would reach the client as base64 text.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            observability.register(config);
            runtime.accept(config);

            MethodOverride.register(config.routes);
            // HEAD runs GET's handler: left to Javalin, HEAD is a bare 200 wherever a GET route matches.
            config.routes.get("/", system::info).head("/", system::info);
            config.routes.get("/fail", system::fail).head("/fail", system::fail);
            config.routes.get("/openapi.json", docs::document).head("/openapi.json", docs::document);
            config.routes.get("/docs", docs::page).head("/docs", docs::page);
            config.routes.get("/docs/{asset}", docs::asset).head("/docs/{asset}", docs::asset);

            config.routes.get("/pets", pets::list).head("/pets", pets::list);
            config.routes.post("/pets", pets::create);
            config.routes.get("/pets/{id}", pets::get).head("/pets/{id}", pets::get);
            config.routes.patch("/pets/{id}", pets::update);
            config.routes.delete("/pets/{id}", pets::delete);

            PetErrors.register(config.routes);
            ErrorHandlers.register(config.routes, MAX_REQUEST_BYTES);
        });
    }
}
