package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** What the course says in several places about itself holds: see {@link CourseFacts}. */
class CourseFactsTest {

    private static final Path ROOT = Decks.repositoryRoot();
    private final CourseFacts facts = new CourseFacts(ROOT);

    @Test
    void every_table_of_labs_lists_every_lab_in_order() {
        assertThat(facts.labTables()).isEmpty();
    }

    @Test
    void the_root_readme_starts_the_newest_lab() {
        assertThat(facts.newestLab()).isEmpty();
    }

    @Test
    void the_labs_said_to_have_exercises_have_them() {
        assertThat(facts.exerciseFolders()).isEmpty();
    }

    @Test
    void a_url_on_a_slide_or_diagram_is_one_a_lab_serves() {
        assertThat(facts.urlsOnSlides()).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> every_node_and_jdk_version_asked_for_is_the_courses() {
        return ClaimChecker.markdownFiles(ROOT).stream()
                .map(file -> dynamicTest(ROOT.relativize(file).toString(), () -> assertThat(facts.versions(file))
                        .isEmpty()));
    }
}
