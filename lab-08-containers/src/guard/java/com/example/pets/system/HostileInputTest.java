package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.RawHttp.bytes;
import static com.example.pets.support.RawHttp.request;
import static com.example.pets.support.RawHttp.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.RawHttp;
import com.example.pets.support.RawHttp.Framing;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A generated corpus of hostile requests, written as raw bytes to the real server so that no HTTP client cleans
 * them up first: malformed, truncated and mistyped JSON, huge and deeply nested bodies, broken UTF-8, control
 * characters, header injection, oversized headers, every method on every route, traversal in paths and tampered
 * page tokens. Each one gets a 4xx problem document, never a 5xx or a stack trace, and afterwards every stored pet
 * is byte for byte what it was.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class HostileInputTest {

    private final FrontDoor door;

    /** No pet is ever at this version, so a request that carries it as If-Match can never change anything. */
    private static final String STALE_ETAG = "\"7\"";

    /**
     * The request headers the app reads, each with a value it accepts. Hostile values go in the middle. Every request
     * carries the first four (on AWS, API Gateway adds X-Amzn-Trace-Id); the rest are the header parameters the
     * OpenAPI document declares, so a header a lab documents is covered here without editing this list.
     */
    private static final List<Map.Entry<String, String>> READ_HEADERS = readHeaders();

    private static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO", "get");

    private static final String CREATE = "{\"name\":\"Rex\",\"kind\":\"dog\"}";
    private static final String PATCH = "{\"name\":\"Max\",\"kind\":\"cat\"}";
    /** Clients sending at once, so that the server, not one client's round trips, sets the pace. */
    private static final int CLIENTS = 8;

    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

    private static final Map<String, byte[]> BROKEN_UTF8 = brokenUtf8();
    private static final int[] CONTROL_CHARACTERS = IntStream.concat(
                    IntStream.rangeClosed(0x00, 0x1F), IntStream.of(0x7F, 0x85, 0x200B, 0x2028, 0x2029, 0x202E, 0xFEFF))
            .toArray();

    private Javalin app;
    private FrontDoor.Running running;
    private final List<String> pets = new ArrayList<>();
    private Snapshot before;

    HostileInputTest(FrontDoor door) {
        this.door = door;
    }

    @TestFactory
    Stream<DynamicNode> hostile_requests_get_a_4xx_problem_and_change_nothing() {
        app = PetsApp.create(TestDynamoDb.newRepository());
        running = door.start(app);
        for (var pet : List.of(
                "{\"name\":\"Rex\",\"kind\":\"dog\"}",
                "{\"name\":\"Mia\",\"kind\":\"cat\"}",
                "{\"name\":\"Kiwi\",\"kind\":\"bird\"}")) {
            var created = send(request("POST", "/pets")
                    .header("Content-Type", "application/json")
                    .body(pet));
            assertThat(created.status()).isEqualTo(201);
            pets.add(door.appPath(created.header("Location")));
        }
        before = snapshot();

        var corpus = new LinkedHashMap<String, List<Hostile>>();
        corpus.put("malformed JSON", malformedJson());
        corpus.put("wrong JSON types and unknown fields", wrongTypes());
        corpus.put("huge and deeply nested bodies", hugeBodies());
        corpus.put("invalid UTF-8 in the body", brokenUtf8Bodies());
        corpus.put("control and invisible characters in string fields", controlCharacters());
        corpus.put("hostile header values", hostileHeaders());
        corpus.put("oversized and conflicting headers", oversizedHeaders());
        corpus.put("hostile paths and query strings", hostilePathsAndQueries());
        corpus.put("every method on every route", methodsAndRoutes());
        corpus.put("tampered page tokens and bad limits", pageTokens());

        var categories = corpus.entrySet().stream()
                .map(category -> dynamicContainer(
                        category.getKey() + " (" + category.getValue().size() + " requests)",
                        Stream.concat(
                                Stream.of(dynamicTest(
                                        "each one gets a 4xx problem", () -> checkEach(category.getValue()))),
                                Stream.of(dynamicTest("left every stored pet as it was", () -> assertThat(snapshot())
                                        .isEqualTo(before))))));
        return Stream.concat(
                categories,
                Stream.of(dynamicTest(
                        "afterwards the server still creates and reads pets, and stored data is unchanged",
                        this::stillServesAndNothingChanged)));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    /**
     * One test per category, not per request: reported one by one, the five thousand requests of both doors cost the
     * build about 10 s a lab in test events and reports. Every request is still sent and checked, and each one that
     * fails is named. A few clients send at once: one alone spends most of its time waiting for each round trip.
     */
    private void checkEach(List<Hostile> hostiles) {
        var failed = new ConcurrentLinkedQueue<String>();
        try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (var hostile : hostiles) {
                clients.execute(() -> {
                    try {
                        check(hostile);
                    } catch (Throwable e) { // on a pool thread, anything not caught here would go unreported
                        failed.add(hostile.name() + ": " + e);
                    }
                });
            }
        }
        assertThat(failed).as("requests answered wrongly").isEmpty();
    }

    private void check(Hostile hostile) {
        var response = sendAgainIfDropped(hostile.request());

        assertThat(response.header("X-Injected"))
                .as("an injected response header")
                .isNull();
        if (hostile.mayBeValid() && response.status() < 300) {
            assertThat(response.text()).doesNotContain("Exception", "\tat ");
            return;
        }
        assertThat(response.status()).as("status").isBetween(400, 499);
        if (!hostile.request().isHead() && !refusedByTheGateway(response)) {
            assertProblem(response.contentType(), response.text(), response.status());
        }
    }

    /**
     * Behind API Gateway some requests never reach the function. Those refused once the stage is known (a method
     * that {@code ANY} does not cover) get the stage's gateway response, a problem like the app's. Those refused
     * before (a path outside the stage, headers over the 10 KB quota, a request it cannot parse) get API Gateway's
     * default {@code {"message": ...}} body: no gateway response applies yet. Still a 4xx.
     */
    private boolean refusedByTheGateway(RawHttp.Response response) {
        if (door != FrontDoor.API_GATEWAY
                || !String.valueOf(response.contentType()).startsWith("application/json")) {
            return false;
        }
        var body = parse(response.text());
        return body.size() == 1 && body.path("message").isTextual();
    }

    private void stillServesAndNothingChanged() {
        assertThat(snapshot()).isEqualTo(before);

        var created = send(request("POST", "/pets")
                .header("Content-Type", "application/json")
                .body(CREATE));
        assertThat(created.status()).isEqualTo(201);
        var read = send(request("GET", door.appPath(created.header("Location"))));
        assertThat(read.status()).isEqualTo(200);
        assertThat(parse(read.text())).isEqualTo(parse(created.text()));
        assertThat(send(request("DELETE", door.appPath(created.header("Location"))))
                        .status())
                .isEqualTo(204);

        assertThat(snapshot()).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The corpus
    // ---------------------------------------------------------------------------------------------------------------

    private List<Hostile> malformedJson() {
        var corpus = new ArrayList<Hostile>();
        for (int length = 0; length < CREATE.length(); length++) {
            var prefix = CREATE.substring(0, length);
            corpus.add(bad("POST /pets with the body cut after " + length + " bytes: " + prefix, create(utf8(prefix))));
        }
        for (int length = 0; length < PATCH.length(); length++) {
            var prefix = PATCH.substring(0, length);
            corpus.add(bad("PATCH a pet with the body cut after " + length + " bytes: " + prefix, patch(utf8(prefix))));
        }
        // Every structural character replaced by one that is never valid there.
        for (var body : List.of(CREATE, PATCH)) {
            for (int i = 0; i < body.length(); i++) {
                if ("{}:,\"".indexOf(body.charAt(i)) < 0) {
                    continue;
                }
                for (var replacement : List.of("'", "=", ";")) {
                    var broken = body.substring(0, i) + replacement + body.substring(i + 1);
                    corpus.add(bad(
                            (body.equals(CREATE) ? "POST /pets " : "PATCH a pet ") + "with " + broken,
                            body.equals(CREATE) ? create(utf8(broken)) : patch(utf8(broken))));
                }
            }
        }
        var documents = List.of(
                " ",
                "{",
                "}",
                "[",
                "{{}}",
                "{,}",
                "{\"name\"}",
                "{\"name\":}",
                "{:\"Rex\"}",
                "{\"name\":\"Rex\",}",
                "{\"name\":\"Rex\",\"kind\":\"dog\"}}",
                "{'name':'Rex','kind':'dog'}",
                "{name:\"Rex\",kind:\"dog\"}",
                "{\"name\":\"Rex\" \"kind\":\"dog\"}",
                "{\"name\":\"Rex,\"kind\":\"dog\"}",
                "{\"name\":\"Rex\\\",\"kind\":\"dog\"}",
                "{\"name\":\"R\\x65x\",\"kind\":\"dog\"}",
                "{\"name\":\"R\\u00\",\"kind\":\"dog\"}",
                "{\"name\":\"R\\uZZZZ\",\"kind\":\"dog\"}",
                "{\"name\":\"Rex\"\"kind\":\"dog\"}",
                "{\"name\":\"Rex\",\"kind\":\"dog\",\"name\":\"Max\"}",
                "NaN",
                "Infinity",
                "undefined",
                "null",
                "true",
                "0",
                "\"Rex\"",
                "[]",
                "[" + CREATE + "]",
                CREATE + " {}",
                CREATE + "x",
                CREATE + "]",
                CREATE + ",",
                "/* a comment */" + CREATE,
                CREATE + "// a comment",
                "# a comment\n" + CREATE,
                "{\"name\":'Rex',\"kind\":\"dog\"}",
                "{\"name\":Rex,\"kind\":\"dog\"}",
                "{\"name\":\"Rex\",\"kind\":dog}",
                "{\"name\":\"Rex\",\"kind\":\"dog\"",
                "{\"name\":\"Rex\",\"kind\":\"dog\"\u0000}",
                "name=Rex&kind=dog",
                "<pet><name>Rex</name><kind>dog</kind></pet>");
        for (var document : documents) {
            corpus.add(bad("POST /pets with " + document, create(utf8(document))));
            corpus.add(bad("PATCH a pet with " + document, patch(utf8(document))));
        }
        return corpus;
    }

    private List<Hostile> wrongTypes() {
        var corpus = new ArrayList<Hostile>();
        var notStrings = List.of(
                "42", "-1", "0", "1.5", "-0.0", "1e3", "true", "false", "[]", "[\"Rex\"]", "{}", "{\"value\":\"Rex\"}");
        var badKinds = List.of(
                "\"dragon\"",
                "\"\"",
                "\" \"",
                "\"DOG\"",
                "\"Dog\"",
                "\"0\"",
                "\"1\"",
                "\"dog,cat\"",
                "\"dogs\"",
                "\"value\"");
        var badNames = List.of("\"\"", "\"   \"", "\"" + "x".repeat(101) + "\"");
        var values = new LinkedHashMap<String, List<String>>();
        values.put("name", concat(notStrings, badNames));
        values.put("kind", concat(notStrings, badKinds));
        for (var field : values.keySet()) {
            var other = field.equals("name") ? "\"kind\":\"dog\"" : "\"name\":\"Rex\"";
            for (var value : values.get(field)) {
                var createBody = "{\"" + field + "\":" + value + "," + other + "}";
                corpus.add(bad("POST /pets with " + createBody, create(utf8(createBody))));
                var patchBody = "{\"" + field + "\":" + value + "}";
                corpus.add(bad("PATCH a pet with " + patchBody, patch(utf8(patchBody))));
            }
            var missing = "{" + other + "}";
            corpus.add(bad("POST /pets with " + field + " missing: " + missing, create(utf8(missing))));
            var nullValue = "{\"" + field + "\":null," + other + "}";
            corpus.add(bad("POST /pets with " + nullValue, create(utf8(nullValue))));
        }
        // Fields a client must not set, and near misses of the real ones.
        var unknown = List.of(
                "\"id\":\"" + UNKNOWN_ID + "\"",
                "\"version\":1",
                "\"etag\":\"\\\"1\\\"\"",
                "\"created_at\":\"2020-01-01T00:00:00Z\"",
                "\"updated_at\":\"2020-01-01T00:00:00Z\"",
                "\"createdAt\":\"2020-01-01T00:00:00Z\"",
                "\"Name\":\"Max\"",
                "\"NAME\":\"Max\"",
                "\"name \":\"Max\"",
                "\"\":\"Max\"",
                "\"__proto__\":{}",
                "\"kind\":\"dog\",\"kind\":\"cat\"");
        for (var field : unknown) {
            var createBody = "{\"name\":\"Rex\",\"kind\":\"dog\"," + field + "}";
            corpus.add(bad("POST /pets with " + createBody, create(utf8(createBody))));
            var patchBody = "{\"name\":\"Max\"," + field + "}";
            corpus.add(bad("PATCH a pet with " + patchBody, patch(utf8(patchBody))));
        }
        return corpus;
    }

    private List<Hostile> hugeBodies() {
        var corpus = new ArrayList<Hostile>();
        var megabyte = 1024 * 1024;
        var hugeName = "{\"name\":\"" + "x".repeat(megabyte) + "\",\"kind\":\"dog\"}";
        corpus.add(bad("POST /pets with a 1 MiB name", create(utf8(hugeName))));
        corpus.add(bad("PATCH a pet with a 1 MiB name", patch(utf8(hugeName))));
        corpus.add(bad("POST /pets with a 1 MiB name, chunked", createChunked(utf8(hugeName))));
        corpus.add(bad("PATCH a pet with a 1 MiB name, chunked", patchChunked(utf8(hugeName))));
        corpus.add(bad("POST /pets with 1 MiB of spaces", create(utf8(" ".repeat(megabyte)))));
        corpus.add(bad("POST /pets with 1 MiB of spaces, chunked", createChunked(utf8(" ".repeat(megabyte)))));
        corpus.add(bad("POST /pets with 16 MiB of zero bytes, chunked", createChunked(new byte[16 * megabyte])));
        var justUnderTheLimit = "{\"name\":\"" + "x".repeat(15_000) + "\",\"kind\":\"dog\"}";
        corpus.add(bad("POST /pets with a 15,000 character name", create(utf8(justUnderTheLimit))));
        var longKey = "{\"" + "k".repeat(15_000) + "\":1,\"name\":\"Rex\",\"kind\":\"dog\"}";
        corpus.add(bad("POST /pets with a 15,000 character field name", create(utf8(longKey))));
        var manyFields = new StringBuilder("{\"name\":\"Rex\",\"kind\":\"dog\"");
        for (int i = 0; manyFields.length() < 15_000; i++) {
            manyFields.append(",\"f").append(i).append("\":").append(i);
        }
        corpus.add(bad("POST /pets with 1,500 unknown fields", create(utf8(manyFields + "}"))));
        var manyDuplicates = "{" + "\"name\":\"Rex\",".repeat(1_000) + "\"kind\":\"dog\"}";
        corpus.add(bad("POST /pets with name repeated 1,000 times", create(utf8(manyDuplicates))));

        var digits = "9".repeat(5_000);
        for (var number :
                List.of(digits, "-" + digits, "0." + digits, "1e999999999", "1E-999999999", digits + "e" + digits)) {
            var shown = number.length() > 20
                    ? number.substring(0, 12) + "... (" + number.length() + " characters)"
                    : number;
            corpus.add(bad(
                    "POST /pets with the name " + shown, create(bytes("{\"name\":", number, ",\"kind\":\"dog\"}"))));
            corpus.add(bad(
                    "POST /pets with the kind " + shown, create(bytes("{\"name\":\"Rex\",\"kind\":", number, "}"))));
            corpus.add(
                    bad("PATCH a pet with an unknown field set to " + shown, patch(bytes("{\"age\":", number, "}"))));
            corpus.add(bad("POST /pets with the body " + shown, create(utf8(number))));
        }

        for (int depth : List.of(1_001, 3_000, 10_000, 100_000)) {
            var arrays = "[".repeat(depth) + "]".repeat(depth);
            var objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            var at = " nested " + depth + " deep";
            corpus.add(bad("POST /pets with arrays" + at, create(utf8(arrays))));
            corpus.add(bad("POST /pets with arrays" + at + ", chunked", createChunked(utf8(arrays))));
            corpus.add(bad("POST /pets with objects" + at, create(utf8(objects))));
            corpus.add(bad("POST /pets with objects" + at + ", chunked", createChunked(utf8(objects))));
            corpus.add(bad(
                    "POST /pets with a name of arrays" + at,
                    create(bytes("{\"name\":", arrays, ",\"kind\":\"dog\"}"))));
            corpus.add(bad("PATCH a pet with a kind of objects" + at, patchChunked(bytes("{\"kind\":", objects, "}"))));
            corpus.add(bad("PATCH a pet with unclosed arrays" + at, patchChunked(utf8("[".repeat(depth)))));
        }
        return corpus;
    }

    private List<Hostile> brokenUtf8Bodies() {
        var corpus = new ArrayList<Hostile>();
        for (var broken : BROKEN_UTF8.entrySet()) {
            var what = " with " + broken.getKey();
            var raw = broken.getValue();
            corpus.add(bad(
                    "POST /pets" + what + " in the name",
                    create(bytes("{\"name\":\"Re", raw, "x\",\"kind\":\"dog\"}"))));
            corpus.add(bad(
                    "POST /pets" + what + " as the whole name",
                    create(bytes("{\"name\":\"", raw, "\",\"kind\":\"dog\"}"))));
            corpus.add(bad(
                    "POST /pets" + what + " in the kind",
                    create(bytes("{\"name\":\"Rex\",\"kind\":\"do", raw, "g\"}"))));
            corpus.add(bad(
                    "POST /pets" + what + " in a field name",
                    create(bytes("{\"na", raw, "me\":\"Rex\",\"kind\":\"dog\"}"))));
            corpus.add(bad(
                    "POST /pets" + what + " between fields",
                    create(bytes("{\"name\":\"Rex\",", raw, "\"kind\":\"dog\"}"))));
            corpus.add(bad("POST /pets" + what + " after the body", create(bytes(CREATE, raw))));
            corpus.add(bad("PATCH a pet" + what + " in the name", patch(bytes("{\"name\":\"Ma", raw, "x\"}"))));
            corpus.add(bad("PATCH a pet" + what + " in the kind", patch(bytes("{\"kind\":\"ca", raw, "t\"}"))));
        }
        return corpus;
    }

    private List<Hostile> controlCharacters() {
        var corpus = new ArrayList<Hostile>();
        for (int c : CONTROL_CHARACTERS) {
            var escaped = utf8(String.format("\\u%04x", c));
            var raw = utf8(Character.toString(c));
            for (var form : List.of(Map.entry("escaped", escaped), Map.entry("raw", raw))) {
                var what = " with " + form.getKey() + " " + codePoint(c);
                var character = form.getValue();
                corpus.add(bad(
                        "POST /pets" + what + " in the name",
                        create(bytes("{\"name\":\"Re", character, "x\",\"kind\":\"dog\"}"))));
                corpus.add(bad(
                        "POST /pets" + what + " as the name",
                        create(bytes("{\"name\":\"", character, "\",\"kind\":\"dog\"}"))));
                corpus.add(bad(
                        "POST /pets" + what + " in the kind",
                        create(bytes("{\"name\":\"Rex\",\"kind\":\"do", character, "g\"}"))));
                corpus.add(
                        bad("PATCH a pet" + what + " in the name", patch(bytes("{\"name\":\"Ma", character, "x\"}"))));
                corpus.add(
                        bad("PATCH a pet" + what + " in the kind", patch(bytes("{\"kind\":\"ca", character, "t\"}"))));
            }
        }
        return corpus;
    }

    private static List<Map.Entry<String, String>> readHeaders() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Host", "localhost");
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "curl/8.5.0");
        headers.put("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        try (var in = HostileInputTest.class.getResourceAsStream("/openapi.json")) {
            var document = new ObjectMapper().readTree(in);
            var parameters = new ArrayList<JsonNode>();
            document.path("paths").forEach(item -> {
                item.path("parameters").forEach(parameters::add);
                item.forEach(operation -> operation.path("parameters").forEach(parameters::add));
            });
            for (var parameter : parameters) {
                var ref = parameter.path("$ref").asText();
                var resolved = ref.isEmpty() ? parameter : document.at(ref.substring(1));
                if (resolved.path("in").asText().equals("header")) {
                    var name = resolved.path("name").asText();
                    // If-Match must stay stale, so that the request is refused whatever else it says.
                    headers.put(
                            name,
                            name.equals("If-Match")
                                    ? STALE_ETAG
                                    : resolved.required("example").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(headers.entrySet());
    }

    /**
     * Every hostile value in the middle of every header the app reads, on requests that are refused whatever that
     * header says: a PATCH with a stale If-Match, and in turn a DELETE with a stale If-Match, a create with an
     * unknown kind, a malformed pet id and an unknown route.
     */
    private List<Hostile> hostileHeaders() {
        var corpus = new ArrayList<Hostile>();
        int turn = 0;
        for (var header : READ_HEADERS) {
            for (var value : hostileValues().entrySet()) {
                var accepted = header.getValue();
                var middle = accepted.length() / 2;
                var hostile = bytes(accepted.substring(0, middle), value.getValue(), accepted.substring(middle));
                var name = header.getKey() + " with " + value.getKey();
                corpus.add(bad(
                        name + " on a PATCH",
                        withHeaders(request("PATCH", pets.get(0)).body(PATCH), header.getKey(), hostile)));
                var other =
                        switch (turn++ % 4) {
                            case 0 -> Map.entry("a DELETE", request("DELETE", pets.get(1)));
                            case 1 ->
                                Map.entry(
                                        "a create of a dragon",
                                        request("POST", "/pets").body("{\"name\":\"Rex\",\"kind\":\"dragon\"}"));
                            case 2 -> Map.entry("a malformed pet id", request("GET", "/pets/42"));
                            default -> Map.entry("an unknown route", request("GET", "/nowhere"));
                        };
                corpus.add(
                        bad(name + " on " + other.getKey(), withHeaders(other.getValue(), header.getKey(), hostile)));
            }
        }
        // Media types and charsets other than JSON in UTF-8, on a create and a PATCH that are otherwise valid.
        var nonAscii = utf8("{\"name\":\"Ren\u00e9e\",\"kind\":\"dog\"}");
        for (var contentType : List.of(
                "text/plain",
                "text/json",
                "json",
                "application/jsonx",
                "application/json-patch+json",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "*/*",
                "application/*",
                "application/json; charset=utf-16",
                "application/json; charset=UTF-32",
                "application/json; charset=iso-8859-1",
                "application/json; charset=us-ascii",
                "application/json; charset=utf-7",
                "application/json; charset=bogus",
                "application/json; charset=@@@",
                "application/json; charset=",
                "application/json; charset=\"utf-8",
                "application/json; charset=" + "x".repeat(1_000))) {
            corpus.add(bad(
                    "Content-Type: " + contentType + " on a create",
                    request("POST", "/pets").header("Content-Type", contentType).body(nonAscii)));
            corpus.add(bad(
                    "Content-Type: " + contentType + " on a PATCH",
                    request("PATCH", pets.get(0))
                            .header("Content-Type", contentType)
                            .body(nonAscii)));
        }
        return corpus;
    }

    private List<Hostile> oversizedHeaders() {
        var corpus = new ArrayList<Hostile>();
        var stale = request("PATCH", pets.get(0))
                .header("Content-Type", "application/json")
                .header("If-Match", STALE_ETAG)
                .body(PATCH);
        corpus.add(bad("one 64 KiB header", stale.header("X-Big", "x".repeat(64 * 1024))));
        for (int count : List.of(100, 1_000, 10_000)) {
            var many = request("PATCH", pets.get(0))
                    .header("Content-Type", "application/json")
                    .header("If-Match", STALE_ETAG);
            for (int i = 0; i < count; i++) {
                many.header("X-Header-" + i, "value " + i);
            }
            corpus.add(bad(count + " headers", many.body(PATCH)));
        }
        var repeated = request("PATCH", pets.get(0)).header("Content-Type", "application/json");
        for (int i = 0; i < 1_000; i++) {
            repeated.header("If-Match", STALE_ETAG);
        }
        corpus.add(bad("If-Match repeated 1,000 times", repeated.body(PATCH)));
        corpus.add(bad("a 64 KiB header name", request("GET", "/pets/42").header("X".repeat(64 * 1024), "x")));
        corpus.add(bad("a header name with a space", request("GET", "/pets/42").header("X Bad", "x")));
        corpus.add(bad(
                "a header name with a colon only", request("GET", "/pets/42").header("", "x")));
        corpus.add(bad("a header without a colon", request("GET", "/pets/42").header("X-Fine", "x\r\nNoColonHere")));
        // Headers that frame the body, each set followed by the same 30-byte body and nothing else.
        for (var framing : List.of(
                Map.entry("two different Content-Lengths", "Content-Length: 5\r\nContent-Length: 6"),
                Map.entry("a Content-Length shorter than the body", "Content-Length: 5"),
                Map.entry("a negative Content-Length", "Content-Length: -1"),
                Map.entry("a Content-Length that is not a number", "Content-Length: ten"),
                Map.entry("a 20-digit Content-Length", "Content-Length: 99999999999999999999"),
                Map.entry("a Content-Length with a sign", "Content-Length: +30"),
                Map.entry("Content-Length and Transfer-Encoding", "Content-Length: 30\r\nTransfer-Encoding: chunked"),
                Map.entry("an unknown Transfer-Encoding", "Transfer-Encoding: gzip"),
                Map.entry("a Transfer-Encoding of nonsense", "Transfer-Encoding: x-pets"),
                Map.entry("chunked twice", "Transfer-Encoding: chunked, chunked"),
                Map.entry("no length at all", "X-Nothing: here"),
                Map.entry("two different Content-Types", "Content-Type: text/plain\r\nContent-Length: 30"))) {
            var wire = bytes(
                    "POST /pets HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
                    "Content-Type: application/json\r\n",
                    framing.getValue(),
                    "\r\n\r\n{\"name\":\"Rex\",\"kind\":\"dragon\"}");
            corpus.add(bad("POST /pets with " + framing.getKey(), RawHttp.verbatim(wire)));
        }
        return corpus;
    }

    private List<Hostile> hostilePathsAndQueries() {
        var corpus = new ArrayList<Hostile>();
        for (var value : hostileValues().entrySet()) {
            var raw = value.getValue();
            var encoded = utf8(percentEncode(raw));
            var what = value.getKey();
            corpus.add(bad("a path with " + what, request(utf8("GET"), bytes("/pets/", raw))));
            corpus.add(bad("a path with %-encoded " + what, request(utf8("GET"), bytes("/pets/", encoded))));
            corpus.add(bad(
                    "a pet path with %-encoded " + what + " after the id",
                    request(utf8("DELETE"), bytes(pets.get(0), encoded))));
            corpus.add(bad("a limit with " + what, request(utf8("GET"), bytes("/pets?limit=1", raw))));
            corpus.add(bad("a limit with %-encoded " + what, request(utf8("GET"), bytes("/pets?limit=1", encoded))));
            corpus.add(bad(
                    "a next_token with %-encoded " + what, request(utf8("GET"), bytes("/pets?next_token=", encoded))));
        }
        var dotDots = List.of(
                "../",
                "..%2f",
                "..%2F",
                "%2e%2e/",
                "%2e%2e%2f",
                ".%2e/",
                "%2e./",
                "..%5c",
                "..\\",
                "%252e%252e%252f",
                "..;/",
                "%c0%ae%c0%ae/",
                "..%c0%af",
                "..%00/",
                "%00../",
                "....//",
                "..%252f");
        for (var prefix : List.of("/", "/pets/", "/docs/", pets.get(0) + "/")) {
            for (var dotDot : dotDots) {
                for (var target : List.of("etc/passwd", "WEB-INF/web.xml")) {
                    var path = prefix + dotDot.repeat(3) + target;
                    corpus.add(bad("GET " + path, request("GET", path)));
                }
            }
        }
        for (var path : List.of(
                "/%00",
                "/pets%00",
                "/pets/%00",
                "/pets%00/" + UNKNOWN_ID,
                pets.get(0) + "%00",
                pets.get(0) + "/%00",
                "/pets/%00" + pets.get(0).substring(6),
                "/docs/%00swagger-ui.css",
                "/docs/swagger-ui.css%00.html")) {
            corpus.add(bad("GET " + path, request("GET", path)));
            corpus.add(bad("DELETE " + path, request("DELETE", path)));
        }
        for (int length : List.of(1_000, 7_000, 70_000)) {
            corpus.add(bad("a " + length + " character pet id", request("GET", "/pets/" + "a".repeat(length))));
            corpus.add(
                    bad("a " + length + " character query", request("GET", "/pets?next_token=" + "a".repeat(length))));
            corpus.add(bad(
                    "a " + length + " character path on DELETE",
                    request("DELETE", "/pets/" + "%2e".repeat(length / 3))));
        }
        for (var target : List.of(
                "pets",
                "*",
                "//pets",
                "http://localhost/pets/42",
                "http://evil.example/pets/42",
                "/pets/42#fragment",
                "/pets/42?",
                "/pets/%",
                "/pets/%4",
                "/pets/%zz",
                "/pets/%u0041",
                "/docs/%u0041",
                "/nowhere/%u0041",
                "/%u002e%u002e/etc/passwd",
                "/pets/%%32%65",
                "/pets/42 HTTP/1.0\r\nX-Injected: yes\r\nX: ")) {
            corpus.add(bad("GET " + target.replace("\r\n", "\\r\\n"), request("GET", target)));
        }
        return corpus;
    }

    private List<Hostile> methodsAndRoutes() {
        var corpus = new ArrayList<Hostile>();
        var paths = List.of(
                "/",
                "/pets",
                "/pets/" + UNKNOWN_ID,
                pets.get(0),
                pets.get(0) + "/x",
                pets.get(0) + "/x/y",
                "/pets/42",
                "/nowhere",
                "/PETS",
                "/pets;x=1",
                "/fail/x",
                "/openapi.json/x",
                "/docs/nothing.js");
        for (var method : METHODS) {
            for (var path : paths) {
                if (path.equals(pets.get(0)) && method.equals("DELETE")) {
                    continue; // a valid request: it would delete the pet
                }
                var safe = List.of("GET", "HEAD", "OPTIONS").contains(method);
                corpus.add(
                        safe
                                ? maybeValid(method + " " + path, request(method, path))
                                : bad(method + " " + path, request(method, path)));
            }
        }
        for (var method : List.of(
                "G\u0000T", "GET\tX", "G E T", "", "X".repeat(10_000), "CONNECT", "PRI", "PROPFIND", "MOVE", "COPY")) {
            corpus.add(bad("the method " + show(utf8(method)), request(method, "/pets/42")));
        }
        for (var version : List.of(
                "HTTP/0.9", "HTTP/1.2", "HTTP/2.0", "HTTP/9.9", "HTTPS/1.1", "http/1.1", "HTTP/1.1 extra", "")) {
            var requestLine = bytes("GET /pets/42 ", version, "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            corpus.add(
                    bad("the protocol " + (version.isEmpty() ? "left out" : version), RawHttp.verbatim(requestLine)));
        }
        return corpus;
    }

    private List<Hostile> pageTokens() {
        var corpus = new ArrayList<Hostile>();
        var page = parse(send(request("GET", "/pets?limit=1")).text());
        var token = page.path("next_token").asText();
        assertThat(token).isNotEmpty();
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < token.length(); i++) {
            var flipped = alphabet.charAt((alphabet.indexOf(token.charAt(i)) + 1) % alphabet.length());
            var tampered = token.substring(0, i) + flipped + token.substring(i + 1);
            // A flip can yield another well-formed pet id: the page then just starts elsewhere.
            corpus.add(maybeValid("a next_token with character " + i + " flipped", list(tampered)));
        }
        for (int length = 1; length < token.length(); length++) {
            corpus.add(maybeValid("a next_token cut to " + length + " characters", list(token.substring(0, length))));
        }
        for (var junk : List.of("x", "=", "==", "A", "AA", "%00", "%0a", "%20", "+", "/", "%26limit%3D1", token)) {
            corpus.add(bad("a next_token with " + junk + " appended", list(token + junk)));
        }
        var encoder = Base64.getUrlEncoder().withoutPadding();
        for (var text : List.of(
                "after:" + "3f2b6a0e-5c1d-4e8f-9a7b-1c2d3e4f5a6b".toUpperCase(),
                "before:" + UNKNOWN_ID,
                "after:",
                "after:" + UNKNOWN_ID + "\u0000",
                "after:../../etc/passwd",
                "after:" + UNKNOWN_ID + "x",
                "after:" + "x".repeat(10_000),
                "after:\u202E" + UNKNOWN_ID,
                "{\"id\":{\"S\":\"" + UNKNOWN_ID + "\"}}")) {
            var forged = encoder.encodeToString(text.getBytes(StandardCharsets.UTF_8));
            corpus.add(bad("a forged next_token of " + show(utf8(text)), list(forged)));
        }
        corpus.add(bad(
                "a next_token in standard Base64 with padding",
                list(Base64.getEncoder().encodeToString(("after:" + UNKNOWN_ID).getBytes(StandardCharsets.UTF_8))
                        + "%3D")));
        corpus.add(bad("two next_tokens, the first empty", request("GET", "/pets?next_token=&next_token=" + token)));
        for (var limit : List.of(
                "-1",
                "0",
                "101",
                "1e3",
                "1.0",
                "1.5",
                "99999999999999999999",
                "2147483648",
                "-2147483649",
                "%201",
                "1%20",
                " 1",
                "",
                "0x10",
                "1_0",
                "ten",
                "NaN",
                "%00",
                "1%00",
                "one",
                "[1]",
                "%2B5",
                "%EF%BC%91",
                "%D9%A3",
                "%zz",
                "1%")) {
            corpus.add(bad("limit=" + limit, request("GET", "/pets?limit=" + limit.replace(" ", "%20"))));
            corpus.add(bad(
                    "limit=" + limit + " with a valid next_token",
                    request("GET", "/pets?limit=" + limit.replace(" ", "%20") + "&next_token=" + token)));
        }
        return corpus;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Building blocks
    // ---------------------------------------------------------------------------------------------------------------

    private record Hostile(String name, RawHttp.Request request, boolean mayBeValid) {}

    private static Hostile bad(String name, RawHttp.Request request) {
        return new Hostile(abbreviate(name), request, false);
    }

    private static Hostile maybeValid(String name, RawHttp.Request request) {
        return new Hostile(abbreviate(name), request, true);
    }

    /**
     * Jetty 12 now and then closes a connection without a byte when it refuses a request's headers (a Host it
     * cannot parse): its error answer runs on another thread, which can race with the connection releasing the
     * request buffer, likely the race of jetty/jetty.project#11625 and #12939. It is rare (200,000 such requests in
     * a row can pass without it) but a busy build machine meets it. Such a request is sent once more, and the second
     * answer is checked like the first. A retry cannot hide a write: the stored pets are compared after every
     * category, so one the retry repeated would show there.
     */
    private RawHttp.Response sendAgainIfDropped(RawHttp.Request request) {
        try {
            return send(request);
        } catch (RawHttp.NoAnswer dropped) {
            return send(request);
        }
    }

    private RawHttp.Response send(RawHttp.Request request) {
        return request.send(running.port(), running.prefix());
    }

    private static RawHttp.Request create(byte[] body) {
        return request("POST", "/pets")
                .header("Content-Type", "application/json")
                .body(body);
    }

    private static RawHttp.Request createChunked(byte[] body) {
        return request("POST", "/pets")
                .header("Content-Type", "application/json")
                .body(body, Framing.CHUNKED);
    }

    private RawHttp.Request patch(byte[] body) {
        return request("PATCH", pets.get(0))
                .header("Content-Type", "application/json")
                .body(body);
    }

    private RawHttp.Request patchChunked(byte[] body) {
        return request("PATCH", pets.get(0))
                .header("Content-Type", "application/json")
                .body(body, Framing.CHUNKED);
    }

    private static RawHttp.Request list(String token) {
        return request("GET", "/pets?next_token=" + token);
    }

    /**
     * The app's headers with the values it accepts, then {@code hostileHeader} set to {@code value}: last, so a line
     * break in it cannot cut off the headers that make the request one the app must refuse.
     */
    private static RawHttp.Request withHeaders(RawHttp.Request request, String hostileHeader, byte[] value) {
        READ_HEADERS.stream()
                .filter(header -> !header.getKey().equals(hostileHeader))
                .forEach(header -> request.header(header.getKey(), header.getValue()));
        return request.header(hostileHeader, value);
    }

    /** Values no header, path or query should hold: control characters, broken UTF-8, injections, sheer size. */
    private static Map<String, byte[]> hostileValues() {
        var values = new LinkedHashMap<String, byte[]>();
        for (int c : CONTROL_CHARACTERS) {
            values.put(codePoint(c), utf8(Character.toString(c)));
        }
        BROKEN_UTF8.forEach(values::put);
        values.put("CR LF and an injected header", utf8("\r\nX-Injected: yes\r\nX-Other: "));
        values.put(
                "CR LF CR LF and a second request", utf8("\r\n\r\nDELETE /pets HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        values.put("LF and a folded line", utf8("\n folded"));
        values.put("%-encoded CR LF", utf8("%0d%0aX-Injected:%20yes"));
        values.put("a quote and a JSON object", utf8("\"}{\"level\":\"ERROR\",\"message\":\"forged\""));
        values.put("a backslash", utf8("\\"));
        values.put("a lookup pattern", utf8("${jndi:ldap://127.0.0.1/x}"));
        values.put("markup", utf8("<script>alert(1)</script>"));
        for (int kib : List.of(7, 64)) {
            values.put(kib + " KiB of 'a'", utf8("a".repeat(kib * 1024)));
        }
        return values;
    }

    private static Map<String, byte[]> brokenUtf8() {
        var hex = HexFormat.ofDelimiter(" ");
        var sequences = new LinkedHashMap<String, byte[]>();
        for (var entry : List.of(
                Map.entry("a lone continuation byte", "80"),
                Map.entry("a lone last continuation byte", "bf"),
                Map.entry("an overlong '/'", "c0 af"),
                Map.entry("an overlong NUL", "c0 80"),
                Map.entry("a three-byte overlong '/'", "e0 80 af"),
                Map.entry("a four-byte overlong '/'", "f0 80 80 af"),
                Map.entry("a CESU-8 high surrogate", "ed a0 80"),
                Map.entry("a CESU-8 low surrogate", "ed b0 80"),
                Map.entry("a CESU-8 surrogate pair", "ed a0 bd ed b8 80"),
                Map.entry("the byte FF", "ff"),
                Map.entry("the byte FE", "fe"),
                Map.entry("a two-byte sequence cut short", "c3"),
                Map.entry("a three-byte sequence cut short", "e2 82"),
                Map.entry("a four-byte sequence cut short", "f0 9f 98"),
                Map.entry("a code point above U+10FFFF", "f4 90 80 80"),
                Map.entry("a five-byte sequence", "f8 88 80 80 80"))) {
            sequences.put(entry.getKey() + " (" + entry.getValue() + ")", hex.parseHex(entry.getValue()));
        }
        return sequences;
    }

    private static String percentEncode(byte[] bytes) {
        var encoded = new StringBuilder();
        for (byte b : bytes) {
            encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return encoded.toString();
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** Test names show bytes as text, with anything unprintable as \\xNN, and stay short. */
    private static String show(byte[] bytes) {
        var shown = new StringBuilder();
        for (byte b : bytes) {
            shown.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b & 0xFF));
        }
        return shown.toString();
    }

    private static String abbreviate(String name) {
        var printable = show(utf8(name));
        return printable.length() > 120
                ? printable.substring(0, 100) + "... (" + printable.length() + " characters)"
                : printable;
    }

    /** What a client can read back: every pet with its ETag, and the list. */
    private record Snapshot(Map<String, String> pets, String list) {}

    private Snapshot snapshot() {
        var read = new LinkedHashMap<String, String>();
        for (var pet : pets) {
            var response = send(request("GET", pet));
            assertThat(response.status()).isEqualTo(200);
            read.put(pet, response.header("ETag") + " " + response.text());
        }
        var list = send(request("GET", "/pets"));
        assertThat(list.status()).isEqualTo(200);
        return new Snapshot(read, list.text());
    }
}
