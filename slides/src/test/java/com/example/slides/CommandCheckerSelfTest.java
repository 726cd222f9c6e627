package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command checker on a small repository: a block that works passes, and each kind of broken block fails. */
class CommandCheckerSelfTest {

    @TempDir
    Path root;

    @BeforeEach
    void aRepositoryWithOneLabAndItsCdkApp() throws IOException {
        executable(root.resolve("mvnw"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        var lab = Files.createDirectories(root.resolve("lab-01-demo"));
        Files.writeString(lab.resolve("pom.xml"), "<project><execution>\n<id>invoke</id>\n</execution></project>\n");
        Files.createDirectories(lab.resolve("events"));
        Files.writeString(lab.resolve("events/get.json"), "{}\n");
        executable(lab.resolve("mvnw"));
        var infra = Files.createDirectories(lab.resolve("infra/src/main/java/demo"));
        Files.writeString(lab.resolve("infra/cdk.json"), "{}\n");
        Files.writeString(lab.resolve("infra/pom.xml"), "<project/>\n");
        Files.writeString(infra.resolve("CdkApp.java"), "static final String STACK_NAME = \"DemoApi\";\n");
    }

    @Test
    void a_block_that_works_as_written_passes() throws IOException {
        assertThat(
                        check(
                                """
                ```bash
                ./mvnw -pl lab-01-demo compile exec:java@invoke -Devent=events/get.json
                ```

                <!-- in: lab-01-demo/infra -->
                <!-- needs AWS: it deploys the demo stack -->
                ```bash
                npx cdk deploy DemoApi -c owner=me   # the stack
                ```
                """))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            ./mvnw -pl lab-02-demo verify                     | lab-02-demo is no Maven module
            ./mvnw -pl lab-01-demo compile exec:java@api       | no execution api in [lab-01-demo]
            ./mvnw -pl lab-01-demo exec:java@invoke -Devent=events/put.json | no events/put.json in [lab-01-demo]
            cd lab-01-demo/infr                                | lab-01-demo/infr is not a folder
            aws sts get-caller-identity                        | needs AWS: say so before the block
            gh repo create demo                                | needs GitHub: say so before the block
            """)
    void a_broken_command_fails_naming_its_line_and_what_is_wrong(String command, String message) throws IOException {
        assertThat(check("Text.\n\n```bash\n" + command.strip() + "\n```\n"))
                .singleElement()
                .asString()
                .startsWith("README.md:3: ")
                .contains(message);
    }

    @Test
    void a_cdk_deploy_must_name_a_stack_the_app_has() throws IOException {
        var block =
                """
                <!-- in: lab-01-demo/infra -->
                <!-- needs AWS: it deploys the demo stack -->
                ```bash
                npx cdk deploy
                npx cdk deploy PetsApi
                ```
                """;
        assertThat(check(block))
                .satisfiesExactly(
                        noStack -> assertThat(noStack).contains("names no stack: name one of [DemoApi] or say --all"),
                        unknown -> assertThat(unknown).contains("has the stacks [DemoApi]"));
    }

    private java.util.List<String> check(String markdown) throws IOException {
        var readme = Files.writeString(root.resolve("README.md"), markdown);
        return new CommandChecker(root).check(readme);
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
