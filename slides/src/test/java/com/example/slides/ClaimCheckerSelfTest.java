package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The claim checker on a fixture repository: every claim of README.md holds, and each broken copy fails. */
class ClaimCheckerSelfTest {

    private final Path root = fixture();
    private final ClaimChecker checker = new ClaimChecker(root);

    @Test
    void a_file_whose_claims_hold_passes() {
        assertThat(checker.check(root.resolve("lab-01-demo/README.md"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            wrong-count.md          | says 4 but lab-01-demo/src/Cases.java has 3 matches
            unchecked-count.md      | `3 cases` is a count next to a test's name that nothing checks
            wrong-tests-run.md      | says Tests run: 3 in DemoTest, which has 2 test methods
            missing-file-link.md    | link to NOTE.md: lab-01-demo/NOTE.md does not exist
            missing-heading-link.md | link to NOTES.md#what-cases-hold: lab-01-demo/NOTES.md has no heading #what-cases-hold
            missing-path.md         | `src/Case.java` names a path that does not exist
            ended-free-tier.md      | promises a 12-month free offer: accounts made before 2025-07-15 had them
            wrong-environment.md    | the function's environment differs from lab-01-demo/infra/src/main/java/com/example/pets/infra/PetsFunction.java: not listed [LOG_LEVEL], listed but not deployed []
            """)
    void a_stale_claim_fails_naming_the_line_and_what_is_wrong(String file, String message) {
        assertThat(checker.check(root.resolve("lab-01-demo").resolve(file)))
                .singleElement()
                .asString()
                .startsWith("lab-01-demo/" + file + ":")
                .contains(message);
    }

    @Test
    void github_anchors_drop_punctuation_and_number_repeated_headings() {
        assertThat(ClaimChecker.slug("What changed (see `CHANGES.diff`)")).isEqualTo("what-changed-see-changesdiff");
        assertThat(ClaimChecker.slug("Part 1: deploy, see, tear down")).isEqualTo("part-1-deploy-see-tear-down");
        assertThat(ClaimChecker.anchors(root.resolve("lab-01-demo/README.md"))).contains("demo-lab", "the-function");
    }

    private static Path fixture() {
        try {
            return Path.of(ClaimCheckerSelfTest.class
                            .getResource("/fixtures/claims/lab-01-demo/README.md")
                            .toURI())
                    .getParent()
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
