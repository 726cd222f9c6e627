package com.example.pets.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.apigateway.LambdaInvoker;
import com.example.pets.local.apigateway.LocalApiGateway;
import com.example.pets.local.apigateway.RestApiSettings;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import io.javalin.testtools.TestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two ways a request reaches the app, so that API suites run through both: the Javalin server on a laptop, and
 * the deployed path, API Gateway (REST, proxy integration, stage {@code prod}) invoking the Lambda handler, here
 * the local API Gateway in front of {@link StreamLambdaHandler}. Paths in tests are the app's ({@code /pets}); the
 * door adds the stage where there is one.
 */
public enum FrontDoor {
    JAVALIN_SERVER("the Javalin server", ""),
    API_GATEWAY("API Gateway and Lambda", "/" + RestApiSettings.PETS_API.stage());

    private final String description;
    private final String prefix;

    FrontDoor(String description, String prefix) {
        this.description = description;
        this.prefix = prefix;
    }

    /** Runs a test with the app behind this door and a client that sends what browsers send. */
    public void test(Javalin app, TestCase testCase) {
        test(app, new TestConfig(), testCase);
    }

    /** The same, with JavalinTest's settings for the Javalin server (such as whether it captures the logs). */
    public void test(Javalin app, TestConfig config, TestCase testCase) {
        var client = new RealClientHttp();
        if (this == JAVALIN_SERVER) {
            JavalinTest.test(
                    app,
                    new TestConfig(config.getClearCookies(), config.getCaptureLogs(), client, RealClientHttp.HEADERS),
                    testCase);
            return;
        }
        try (var running = start(app)) {
            var http = new HttpClient(OriginAnchor.SERVER, client, RealClientHttp.HEADERS);
            http.setOrigin("http://localhost:" + running.port() + prefix);
            testCase.accept(app, http);
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }

    /** Starts the app behind this door on a free port, for tests that speak raw HTTP. */
    public Running start(Javalin app) {
        if (this == JAVALIN_SERVER) {
            app.start(0);
            return new Running(app.port(), prefix, app::stop);
        }
        try {
            var gateway = LocalApiGateway.start(
                    0, RestApiSettings.PETS_API.unthrottled(), LambdaInvoker.of(new StreamLambdaHandler(app)));
            return new Running(gateway.port(), prefix, gateway::close);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path a client uses for an app path: {@code /prod/pets} behind API Gateway, {@code /pets} locally. */
    public String path(String appPath) {
        return prefix + appPath;
    }

    /** The app path of a link the API handed out, such as a {@code Location}: it must carry this door's prefix. */
    public String appPath(String link) {
        assertThat(link).as("a link handed out through " + description).startsWith(prefix + "/");
        return link.substring(prefix.length());
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * JavalinTest's client takes its first origin from a started Javalin, and the app behind API Gateway never
     * starts a server of its own (on Lambda there is none). This empty server only lets the client be built; its
     * origin is then set to the gateway.
     */
    private static final class OriginAnchor {
        static final Javalin SERVER = Javalin.create(config -> config.startup.showJavalinBanner = false)
                .start(0);
    }

    /** An app listening behind a door. */
    public record Running(int port, String prefix, Runnable stop) implements AutoCloseable {

        @Override
        public void close() {
            stop.run();
        }
    }
}
