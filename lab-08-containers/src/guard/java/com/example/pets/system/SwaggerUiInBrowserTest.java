package com.example.pets.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.TestDynamoDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code /prod/docs} in a real browser, through the local API Gateway and the Lambda handler: headless Chromium
 * loads the page, runs Swagger UI, fetches {@code /prod/openapi.json} and renders the API's operations. This is
 * what broke when the app gzipped on Lambda: the browser got base64 text where it expected JavaScript.
 *
 * <p>Without Chromium on the machine the test is skipped with a message, except under {@code CI=true}, where a
 * missing browser is a failure (as for the slides).
 */
class SwaggerUiInBrowserTest {

    private static final List<String> BROWSERS =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    @Test
    void swagger_ui_renders_every_operation_behind_api_gateway() throws Exception {
        var browser = findBrowser();
        var profile = Files.createTempDirectory("chromium-profile");
        try (var running = FrontDoor.API_GATEWAY.start(PetsApp.create(TestDynamoDb.newRepository()))) {
            var url = "http://localhost:" + running.port() + FrontDoor.API_GATEWAY.path("/docs");

            var dom = dumpDom(browser, profile, url);

            assertThat(dom).contains("swagger-ui");
            for (var path : List.of("/pets", "/pets/{id}")) {
                assertThat(dom).as("an operation on " + path).contains("data-path=\"" + path + "\"");
            }
            assertThat(dom).contains("opblock-get", "opblock-post", "opblock-patch", "opblock-delete");
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.compareTo(a))
                        .forEach(file -> file.toFile().delete());
            }
        }
    }

    /** The DOM after the page's scripts ran: {@code --virtual-time-budget} lets them finish before the dump. */
    private static String dumpDom(Path browser, Path profile, String url) throws IOException, InterruptedException {
        var process = new ProcessBuilder(
                        browser.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--virtual-time-budget=20000",
                        "--dump-dom",
                        url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Only a guard against a hung browser, far longer than a page load takes on a busy machine.
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("Chromium did not finish loading " + url);
        }
        return dom;
    }

    private static Path findBrowser() {
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .flatMap(dir -> BROWSERS.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            var message = "No Chromium found (" + String.join(", ", BROWSERS) + "): install it to run this test"
                    + " (Debian: apt-get install -y chromium).";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }
}
