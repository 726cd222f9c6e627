package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What the course's Markdown (READMEs, SOLUTIONS.md, decks) says about the repository is still true: links and
 * their headings, paths in backticks, counts, the function's environment. See {@link ClaimChecker}.
 */
class ClaimsTest {

    private static final Path ROOT = Decks.repositoryRoot();
    private final ClaimChecker checker = new ClaimChecker(ROOT);

    @TestFactory
    Stream<DynamicTest> every_claim_in_the_course_markdown_holds() {
        return ClaimChecker.markdownFiles(ROOT).stream()
                .map(file -> dynamicTest(ROOT.relativize(file).toString(), () -> assertThat(checker.check(file))
                        .as("claims in %s", ROOT.relativize(file))
                        .isEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> a_lab_that_deploys_a_function_lists_its_environment_against_the_stack() {
        return ClaimChecker.markdownFiles(ROOT).stream()
                .filter(file -> file.getFileName().toString().equals("README.md"))
                .filter(file -> file.getParent().getFileName().toString().startsWith("lab-0"))
                .filter(file -> Files.isRegularFile(
                        file.getParent().resolve("infra/src/main/java/com/example/pets/infra/PetsFunction.java")))
                .map(file -> dynamicTest(ROOT.relativize(file).toString(), () -> assertThat(Files.readString(file))
                        .as("%s lists the function's environment after <!-- function-environment: ... -->", file)
                        .contains("<!-- function-environment: " + ROOT.relativize(file.getParent())
                                + "/infra/src/main/java/com/example/pets/infra/PetsFunction.java -->")));
    }
}
