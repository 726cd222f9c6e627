package com.example.pets;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.local.LocalPets;
import com.example.pets.support.ArtifactInvoke;
import com.example.pets.support.crac.CheckpointException;
import com.example.pets.support.crac.Context;
import com.example.pets.support.crac.Core;
import com.example.pets.support.crac.Resource;
import com.example.pets.support.crac.RestoreException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after {@code package}: the Lambda artifact holds the function and nothing that belongs on a laptop or that
 * Lambda never reads, and on its own it answers every event file as the function in the tests does.
 */
class LambdaArtifactIT {

    private static final Path ARTIFACT = Path.of("target", "function.jar");

    /** Every event file, in an order in which each gets the status StreamLambdaHandlerTest expects of it. */
    private static final Map<String, String> EXPECTED = expected();

    private static List<String> entries;

    @BeforeAll
    static void readArtifact() throws IOException {
        try (var zip = new ZipFile(ARTIFACT.toFile())) {
            entries = zip.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void the_artifact_holds_the_handler_and_the_app() {
        assertThat(entries)
                .contains(
                        "com/example/pets/lambda/StreamLambdaHandler.class",
                        "com/example/pets/PetsApp.class",
                        "openapi.json",
                        "service.properties");
    }

    @Test
    void dynamodb_local_and_the_laptop_only_classes_stay_out() {
        assertThat(entries).noneMatch(entry -> entry.startsWith("com/amazonaws/services/dynamodbv2/local/"));
        assertThat(entries).noneMatch(entry -> entry.startsWith("com/almworks/sqlite4java/"));
        assertThat(entries).noneMatch(entry -> entry.startsWith("com/example/pets/local/"));
    }

    @Test
    void no_apache_or_netty_http_client_is_packaged() {
        assertThat(entries).noneMatch(entry -> entry.startsWith("software/amazon/awssdk/http/apache"));
        assertThat(entries).noneMatch(entry -> entry.startsWith("software/amazon/awssdk/http/nio/netty"));
        assertThat(entries).noneMatch(entry -> entry.startsWith("org/apache/http/"));
        assertThat(entries).noneMatch(entry -> entry.startsWith("io/netty/"));
    }

    @Test
    void files_lambda_never_reads_stay_out() {
        // The servlet API's XML schemas and DTDs validate a web.xml, which a Lambda function does not have.
        assertThat(entries).noneMatch(entry -> entry.startsWith("jakarta/servlet/resources/"));
        // Each library's own pom.xml and pom.properties.
        assertThat(entries).noneMatch(entry -> entry.startsWith("META-INF/maven/"));
    }

    @Test
    void javalins_jetty_server_stays_out() {
        // API Gateway is the server on Lambda: Javalin's servlet answers, and Jetty's connectors, HTTP parser,
        // servlet container and WebSocket server never load. Only the types Javalin's configuration names stay.
        assertThat(entries)
                .noneMatch(entry -> entry.startsWith("org/eclipse/jetty/io/"))
                .noneMatch(entry -> entry.startsWith("org/eclipse/jetty/http/"))
                .noneMatch(entry -> entry.startsWith("org/eclipse/jetty/ee10/"))
                .noneMatch(entry -> entry.startsWith("org/eclipse/jetty/websocket/"))
                .noneMatch(entry -> entry.startsWith("org/objectweb/asm/"));
    }

    @Test
    void the_prometheus_client_stays_out() {
        // Nothing scrapes a Lambda function: it pushes EMF, and only the container serves /metrics.
        assertThat(entries).noneMatch(entry -> entry.startsWith("io/prometheus/"));
    }

    @Test
    void the_artifact_fits_lambdas_direct_upload_limit() throws IOException {
        assertThat(Files.size(ARTIFACT)).isLessThan(50L * 1024 * 1024);
    }

    /**
     * What shading leaves out or breaks shows only when the artifact runs: a JVM with nothing but the artifact (and
     * the two small classes that stand in for Lambda's runtime) on its classpath, configured by Lambda's environment
     * variables, answers every event file against DynamoDB Local.
     */
    @Test
    void the_artifact_alone_answers_every_event_file(@TempDir Path runtime) throws Exception {
        copyClassFiles(ArtifactInvoke.class, runtime);
        copyClassFiles(LocalLambdaContext.class, runtime);
        // Lambda's runtime, as org.crac sees it: SnapStart's checkpoint and restore (support/crac).
        for (var type :
                List.of(Core.class, Context.class, Resource.class, CheckpointException.class, RestoreException.class)) {
            copyClassFiles(type, runtime);
        }
        try (var pets = LocalPets.start(Optional.empty())) {
            pets.repository("pets").create(LocalInvoke.samplePet());
            var command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // The flags Lambda's java runtime starts a function with.
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dorg.crac.Core.Compat=" + Core.class.getPackageName(),
                    "-verbose:class", // which classes load: EMF's environment probe must not run (Metrics)
                    "-cp",
                    ARTIFACT + File.pathSeparator + runtime,
                    ArtifactInvoke.class.getName()));
            EXPECTED.keySet().forEach(event -> command.add("events/" + event));
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("OTEL_"));
            builder.environment().putAll(lambdaEnvironment(pets));
            var process = builder.start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.waitFor()).as(output).isZero();
            var statuses = new LinkedHashMap<String, String>();
            output.lines()
                    .filter(line -> line.startsWith("STATUS "))
                    .map(line -> line.split(" "))
                    .forEach(parts -> statuses.put(parts[1], parts[2]));
            assertThat(statuses).as(output).containsExactlyEntriesOf(EXPECTED);
            // From lab-05 on, SnapStart's priming request (ArtifactInvoke primes like Lambda) reads a page of pets.
            var primes = Arrays.stream(StreamLambdaHandler.class.getMethods())
                    .anyMatch(method -> method.getName().equals("beforeCheckpoint"));
            assertThat(output.lines().filter(line -> line.contains("Primed for SnapStart")))
                    .as(output)
                    .hasSize(primes ? 1 : 0)
                    .allSatisfy(line -> assertThat(line).contains("\"status\":200"));
            assertThat(output).doesNotContain("EnvironmentProvider$EnvironmentResolveResult"); // EMF probing EC2
        }
    }

    /** What Lambda sets for a function, plus DynamoDB Local's endpoint and credentials that go nowhere else. */
    private static Map<String, String> lambdaEnvironment(LocalPets pets) {
        return Map.ofEntries(
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"),
                Map.entry(
                        "AWS_ENDPOINT_URL_DYNAMODB",
                        pets.dynamoDbLocal().orElseThrow().endpoint().toString()),
                Map.entry("TABLE_NAME", "pets"),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", LocalLambdaContext.FUNCTION_NAME),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(LocalLambdaContext.MEMORY_MB)),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + LocalLambdaContext.FUNCTION_NAME),
                Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_java21"),
                // Where Lambda unpacks the function: the X-Ray SDK reads it to take Lambda's segment as its parent.
                Map.entry("LAMBDA_TASK_ROOT", "/var/task"),
                // Set by Lambda (a reserved variable); it overrides the X-Ray recorder's own strategy.
                Map.entry("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR"));
    }

    private static Map<String, String> expected() {
        var expected = new LinkedHashMap<String, String>();
        expected.put("get-root.json", "200");
        expected.put("docs.json", "200");
        expected.put("openapi.json", "200");
        expected.put("list-pets.json", "200");
        expected.put("get-pet.json", "200");
        expected.put("update-pet.json", "200");
        expected.put("create-pet.json", "201");
        expected.put("create-invalid-pet.json", "400");
        expected.put("get-missing-pet.json", "404");
        expected.put("fail.json", "500");
        expected.put("delete-pet.json", "204");
        return expected;
    }

    /** A class and its nested classes, from the test classes into {@code root}, under their package's folders. */
    private static void copyClassFiles(Class<?> type, Path root) throws IOException, URISyntaxException {
        var compiled = Path.of(type.getResource(type.getSimpleName() + ".class").toURI())
                .getParent();
        var target = Files.createDirectories(root.resolve(type.getPackageName().replace('.', '/')));
        try (var files = Files.list(compiled)) {
            for (var file : files.filter(file -> file.getFileName().toString().startsWith(type.getSimpleName()))
                    .toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }
}
