package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The decks follow the conventions the build relies on. */
class DeckLayoutTest {

    private static final Pattern IMAGE = Pattern.compile("\\]\\((diagrams/[^)\\s]+)\\)");

    @Test
    void the_introduction_deck_exists() {
        assertThat(Decks.slidesDir().resolve("introduction.md")).isRegularFile();
    }

    @Test
    void every_markdown_file_is_a_deck_named_introduction_or_after_a_lab() {
        assertThat(Decks.markdownFiles())
                .allSatisfy(file -> assertThat(file.getFileName().toString())
                        .as("deck names: introduction.md or lab-0N-name.md (README.md is not a deck)")
                        .matches(Decks.DECK_NAME));
    }

    @Test
    void a_lab_deck_is_named_after_an_existing_lab_folder() {
        assertThat(Decks.all())
                .filteredOn(deck -> deck.getFileName().toString().startsWith("lab-"))
                .allSatisfy(deck -> assertThat(Decks.repositoryRoot().resolve(Decks.baseName(deck)))
                        .as("lab folder for %s", deck.getFileName())
                        .isDirectory());
    }

    @Test
    void every_deck_uses_marp_and_the_course_theme_and_has_a_title() {
        assertThat(Decks.all()).allSatisfy(deck -> {
            String text = Decks.read(deck);
            assertThat(text).as("%s front matter", deck.getFileName()).startsWith("---\n");
            String frontMatter = text.substring(4, text.indexOf("\n---", 4));
            assertThat(frontMatter.lines())
                    .as("%s front matter", deck.getFileName())
                    .contains("marp: true", "theme: course")
                    .anySatisfy(line -> assertThat(line).startsWith("title: "));
        });
    }

    /** Charts a lab draws from its own code, which scripts/build.mjs copies next to the diagrams (LAB_CHARTS). */
    private static final Map<String, String> LAB_CHARTS =
            Map.of("diagrams/lab-08-cost-break-even.svg", "lab-08-containers/infra/cost-break-even.svg");

    @Test
    void every_diagram_a_deck_shows_has_a_plantuml_source() {
        assertThat(Decks.all()).allSatisfy(deck -> IMAGE.matcher(Decks.read(deck))
                .results()
                .map(match -> match.group(1))
                .forEach(image -> {
                    assertThat(image)
                            .as("%s: diagrams are rendered to SVG", deck.getFileName())
                            .endsWith(".svg");
                    if (LAB_CHARTS.containsKey(image)) {
                        assertThat(Decks.repositoryRoot().resolve(LAB_CHARTS.get(image)))
                                .as("%s shows %s, drawn by a lab", deck.getFileName(), image)
                                .isRegularFile();
                        return;
                    }
                    String source = image.substring(0, image.length() - ".svg".length()) + ".puml";
                    assertThat(Files.isRegularFile(Decks.slidesDir().resolve(source)))
                            .as("%s shows %s: %s must exist", deck.getFileName(), image, source)
                            .isTrue();
                }));
    }
}
