package com.example.pets.observability.metrics;

import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.RawHttp;
import com.example.pets.support.TestDynamoDb;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The page Prometheus scrapes from the container's app, read as Prometheus reads it. */
class PrometheusMetricsTest {

    private static final int CLIENTS = 8;

    @Test
    void requests_are_counted_by_method_route_template_and_status_with_a_latency_histogram_per_route() {
        container((server, client) -> {
            var id = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                    .body()
                    .string()
                    .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            client.get("/pets/" + id);
            client.get("/pets/00000000-0000-4000-8000-000000000000");

            var page = scrape(client);
            assertThat(page)
                    .contains("http_server_requests_total{method=\"POST\",route=\"/pets\",status=\"201\"} 1.0")
                    .contains("http_server_requests_total{method=\"GET\",route=\"/pets/{id}\",status=\"200\"} 1.0")
                    .contains("http_server_requests_total{method=\"GET\",route=\"/pets/{id}\",status=\"404\"} 1.0")
                    .contains("http_server_request_duration_seconds_count{method=\"GET\",route=\"/pets/{id}\"} 2")
                    .doesNotContain(id);
            for (var bound : Arrays.stream(PrometheusMetrics.LATENCY_BUCKETS)
                    .mapToObj(Double::toString)
                    .toList()) {
                assertThat(page)
                        .contains("http_server_request_duration_seconds_bucket{method=\"POST\",route=\"/pets\",le=\""
                                + bound + "\"} ");
            }
            assertThat(page).contains("pets_created_total 1.0");
        });
    }

    /** A conditional GET of a pet that has not changed: the client gets a 304, and so does the counter. */
    @Test
    void a_not_modified_answer_is_counted_as_the_304_the_client_got() {
        container((server, client) -> {
            var id = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                    .body()
                    .string()
                    .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            var notModified = client.request("/pets/" + id, request -> request.header("If-None-Match", "\"1\""));
            assertThat(notModified.code()).isEqualTo(304);

            assertThat(scrape(client))
                    .contains("http_server_requests_total{method=\"GET\",route=\"/pets/{id}\",status=\"304\"} 1.0")
                    .doesNotContain("route=\"/pets/{id}\",status=\"200\"");
        });
    }

    @Test
    void a_5xx_counts_its_exception_by_class_and_a_4xx_counts_none() {
        container((server, client) -> {
            client.get("/fail");
            client.post("/pets", "{not json");

            assertThat(scrape(client))
                    .contains("http_server_requests_total{method=\"GET\",route=\"/fail\",status=\"500\"} 1.0")
                    .contains("http_server_requests_total{method=\"POST\",route=\"/pets\",status=\"400\"} 1.0")
                    .contains("http_server_exceptions_total{exception=\"java.lang.IllegalStateException\"} 1.0")
                    .containsOnlyOnce("http_server_exceptions_total{");
        });
    }

    @Test
    void ten_thousand_random_paths_add_no_series() {
        container((server, client) -> {
            client.get("/no-such-page");
            scrape(client); // the scrape's own series, from the next page on
            var before = seriesNames(scrape(client));

            // From a few clients at once: one alone spends most of its time waiting for each round trip.
            try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
                for (var i = 0; i < 10_000; i++) {
                    var path = "/" + UUID.randomUUID() + "/" + i;
                    clients.execute(() -> client.get(path));
                }
            }

            var after = seriesNames(scrape(client));
            assertThat(after).isEqualTo(before);
            assertThat(scrape(client))
                    .contains("http_server_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 10001.0");
        });
    }

    /**
     * A method is whatever a client writes, and so is a method-override header (refused, but counted like any other
     * 400): a label taken from either would grow a series per value. Methods the API does not know are one value.
     */
    @Test
    void unknown_methods_and_method_override_headers_add_no_series() {
        container((server, client) -> {
            var port = server.port();
            RawHttp.request("BREW", "/pets").send(port);
            RawHttp.request("GET", "/pets")
                    .header("X-HTTP-Method-Override", "DELETE")
                    .send(port);
            scrape(client);
            var before = seriesNames(scrape(client));

            try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
                for (var i = 0; i < 1_000; i++) {
                    var random =
                            "M" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
                    clients.execute(() -> {
                        RawHttp.request(random, "/pets").send(port);
                        RawHttp.request("GET", "/pets")
                                .header("X-HTTP-Method-Override", random)
                                .send(port);
                    });
                }
            }

            assertThat(seriesNames(scrape(client))).isEqualTo(before);
            assertThat(scrape(client))
                    .contains("http_server_requests_total{method=\"_OTHER\",route=\"unmatched\",status=\"405\"} 1001.0")
                    .contains("http_server_requests_total{method=\"GET\",route=\"unmatched\",status=\"400\"} 1001.0");
        });
    }

    @Test
    void the_page_has_the_runtime_figures_the_build_and_the_requests_in_flight() {
        container((server, client) -> {
            assertThat(scrape(client))
                    .contains("jvm_memory_used_bytes{area=\"heap\"}")
                    .contains("jvm_gc_collection_seconds_count{")
                    .contains("jvm_threads_current")
                    .contains("process_cpu_seconds_total")
                    .containsPattern(
                            "pets_build_info\\{java_version=\"[^\"]+\",service=\"pets-api\",version=\"1.0.0\"} 1")
                    // The scrape itself is the one request in flight while the page is written.
                    .contains("http_server_active_requests 1.0");
        });
    }

    @Test
    void prometheus_gets_openmetrics_when_it_asks_and_the_classic_text_format_otherwise() {
        container((server, client) -> {
            var openMetrics = client.request(
                    "/metrics",
                    request -> request.header(
                            "Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
            assertThat(header(openMetrics, "Content-Type")).startsWith("application/openmetrics-text; version=1.0.0");
            assertThat(openMetrics.body().string()).endsWith("# EOF\n");

            var text = client.get("/metrics");
            assertThat(header(text, "Content-Type")).startsWith("text/plain; version=0.0.4");

            // The protobuf format needs a library the app does not ship: the text format, not a 500.
            var protobuf = client.request(
                    "/metrics",
                    request -> request.header(
                            "Accept",
                            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"));
            assertThat(protobuf.code()).isEqualTo(200);
            assertThat(header(protobuf, "Content-Type")).startsWith("text/plain; version=0.0.4");

            // Prometheus 3 with native histograms: protobuf first, then OpenMetrics, which it gets.
            var prometheus3 = client.request(
                    "/metrics",
                    request -> request.header(
                            "Accept",
                            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;"
                                    + "q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                                    + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,*/*;q=0.1"));
            assertThat(header(prometheus3, "Content-Type")).startsWith("application/openmetrics-text; version=1.0.0");
        });
    }

    /** PetsApiSlowP99 fires above 0.5 s: a bucket bound there, or the p99 Prometheus compares is a guess between two. */
    @Test
    void the_latency_histogram_has_a_bucket_at_the_slow_p99_alerts_threshold() {
        container((server, client) -> {
            client.get("/pets");
            assertThat(scrape(client))
                    .contains(
                            "http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/pets\",le=\"0.5\"} ");
        });
    }

    @Test
    void a_request_that_failed_is_no_longer_in_flight() {
        container((server, client) -> {
            client.get("/fail");
            assertThat(scrape(client)).contains("http_server_active_requests 1.0");
        });
    }

    @Test
    void a_refused_create_is_not_a_created_pet() {
        container((server, client) -> {
            client.post("/pets", "{not json");
            assertThat(scrape(client)).contains("pets_created_total 0.0");
        });
    }

    @Test
    void request_durations_are_in_seconds() {
        container((server, client) -> {
            var start = System.nanoTime();
            client.get("/pets");
            var elapsedSeconds = (System.nanoTime() - start) / 1e9;
            var sum = scrape(client)
                    .lines()
                    .filter(line -> line.startsWith(
                            "http_server_request_duration_seconds_sum{method=\"GET\",route=\"/pets\"} "))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst()
                    .orElseThrow();
            assertThat(sum).isPositive().isLessThanOrEqualTo(elapsedSeconds);
        });
    }

    /** The app as the container builds it: Prometheus metrics instead of EMF lines. */
    private static void container(TestCase test) {
        var observability = Observability.forContainer(ObservabilitySettings.from(Map.of()));
        var app = PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), observability);
        JavalinTest.test(app, test);
    }

    private static String scrape(HttpClient client) throws Exception {
        var response = client.get("/metrics");
        assertThat(response.code()).isEqualTo(200);
        return response.body().string();
    }

    /** Each request series on the page: a metric name and its labels, without the value. */
    private static Set<String> seriesNames(String page) {
        return page.lines()
                .filter(line -> line.startsWith("http_server_"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .collect(Collectors.toSet());
    }
}
