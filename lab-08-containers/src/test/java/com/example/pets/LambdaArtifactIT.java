package com.example.pets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs after {@code package}: the Lambda artifact holds the function and nothing that belongs on a laptop. */
class LambdaArtifactIT {

    private static final Path ARTIFACT = Path.of("target", "function.jar");
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
    void the_artifact_fits_lambdas_direct_upload_limit() throws IOException {
        assertThat(Files.size(ARTIFACT)).isLessThan(50L * 1024 * 1024);
    }
}
