package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course facts on a small repository of two labs: true facts pass, and each stale one fails. */
class CourseFactsSelfTest {

    @TempDir
    Path root;

    private CourseFacts facts;

    @BeforeEach
    void aCourseOfTwoLabs() throws IOException {
        for (var lab : new String[] {"lab-01-baseline", "lab-02-logging"}) {
            Files.createDirectories(root.resolve(lab));
            Files.writeString(root.resolve(lab).resolve("pom.xml"), "<project/>\n");
        }
        Files.createDirectories(root.resolve("lab-01-baseline/exercises"));
        Files.createDirectories(root.resolve("slides/diagrams"));
        Files.writeString(
                root.resolve("README.md"),
                """
                Requires JDK 21+ and Node.js 22+.

                ```bash
                ./mvnw -pl lab-02-logging compile exec:java
                curl -s localhost:7070/pets
                ```

                Answers in <!-- claim: labs with an exercises folder -->labs 01-01 run as tests.

                | [lab-01-baseline](lab-01-baseline/README.md) | the API |
                | [lab-02-logging](lab-02-logging/README.md) | logs |
                """);
        Files.writeString(
                root.resolve("slides/README.md"),
                """
                | [`lab-01-baseline.md`](lab-01-baseline.md) | the API |
                | [`lab-02-logging.md`](lab-02-logging.md) | logs |
                """);
        Files.writeString(
                root.resolve("slides/introduction.md"),
                """
                | **01 baseline** | the API | it works |
                | **02 logging** | logs | ids |

                Open http://localhost:7070/docs.
                """);
        facts = new CourseFacts(root);
    }

    @Test
    void a_course_whose_facts_hold_passes() {
        assertThat(facts.labTables()).isEmpty();
        assertThat(facts.newestLab()).isEmpty();
        assertThat(facts.exerciseFolders()).isEmpty();
        assertThat(facts.urlsOnSlides()).isEmpty();
        assertThat(facts.versions(root.resolve("README.md"))).isEmpty();
    }

    @Test
    void a_third_lab_makes_every_table_and_the_first_command_stale() throws IOException {
        Files.createDirectories(root.resolve("lab-03-metrics"));
        Files.writeString(root.resolve("lab-03-metrics/pom.xml"), "<project/>\n");

        assertThat(facts.labTables()).hasSize(3).allSatisfy(problem -> assertThat(problem)
                .contains("lists labs [01, 02], the repository has [01, 02, 03]"));
        assertThat(facts.newestLab()).singleElement().asString().contains("the newest lab, lab-03");
    }

    @Test
    void an_exercises_folder_the_readme_does_not_name_fails() throws IOException {
        Files.createDirectories(root.resolve("lab-02-logging/exercises"));

        assertThat(facts.exerciseFolders()).singleElement().asString().contains("these do: [01, 02]");
    }

    @Test
    void an_old_node_and_a_url_where_nothing_serves_a_page_fail() throws IOException {
        Files.writeString(root.resolve("slides/old.md"), "With Node.js 20 or newer: http://127.0.0.1:4318\n");

        assertThat(facts.versions(root.resolve("slides/old.md")))
                .singleElement()
                .asString()
                .contains("asks for `Node.js 20 or newer`");
        assertThat(facts.urlsOnSlides())
                .singleElement()
                .asString()
                .contains("slides/old.md:1: http://127.0.0.1:4318 looks like a page");
    }
}
