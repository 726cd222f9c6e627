package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * What {@code scripts/build.mjs} rendered into {@code target/site}: a page per slide in every HTML deck, the
 * diagrams as SVG, and, where a browser was found, a PDF per deck and one PNG per slide that is not blank.
 */
class RenderedSlidesIT {

    private static final Pattern SLIDE = Pattern.compile("<svg data-marpit-svg=");
    private static final Pattern NOTE = Pattern.compile("class=\"bespoke-marp-note\"");

    private final Path site = Path.of(System.getProperty(
                    "slides.site", Decks.slidesDir().resolve("target/site").toString()))
            .toAbsolutePath();

    @Test
    void every_deck_is_rendered_to_html_with_its_slides_and_speaker_notes() {
        assertThat(Decks.all()).isNotEmpty().allSatisfy(deck -> {
            String html = read(site.resolve(Decks.baseName(deck) + ".html"));
            assertThat(count(SLIDE, html))
                    .as("slides in %s", deck.getFileName())
                    .isGreaterThan(1);
            assertThat(count(NOTE, html))
                    .as("speaker notes in %s", deck.getFileName())
                    .isPositive();
            assertThat(html)
                    .as("%s: excerpt markers are directives, not notes", deck.getFileName())
                    .doesNotContain("excerpt:");
        });
    }

    @Test
    void every_diagram_is_a_well_formed_svg() throws Exception {
        List<Path> diagrams;
        try (Stream<Path> sources = Files.list(Decks.slidesDir().resolve("diagrams"))) {
            diagrams = sources.filter(file -> file.toString().endsWith(".puml"))
                    .map(file -> site.resolve("diagrams")
                            .resolve(file.getFileName().toString().replace(".puml", ".svg")))
                    .toList();
        }
        assertThat(diagrams).isNotEmpty();
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (Path svg : diagrams) {
            assertThat(svg).isRegularFile();
            var root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
            assertThat(root.getLocalName()).as(svg.toString()).isEqualTo("svg");
            assertThat(root.getElementsByTagNameNS("*", "text").getLength())
                    .as("text in %s", svg.getFileName())
                    .isPositive();
        }
    }

    @Test
    void every_deck_is_rendered_to_pdf_where_a_browser_was_found() {
        assumeBrowser();
        assertThat(Decks.all()).allSatisfy(deck -> {
            Path pdf = site.resolve(Decks.baseName(deck) + ".pdf");
            assertThat(pdf).isRegularFile();
            assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.ISO_8859_1))
                    .isEqualTo("%PDF-");
        });
    }

    @Test
    void every_slide_is_rendered_to_a_png_that_is_not_blank() throws IOException {
        assumeBrowser();
        for (Path deck : Decks.all()) {
            String base = Decks.baseName(deck);
            int slides = count(SLIDE, read(site.resolve(base + ".html")));
            List<Path> images;
            try (Stream<Path> files = Files.list(site)) {
                images = files.filter(
                                file -> file.getFileName().toString().matches(Pattern.quote(base) + "\\.\\d{3}\\.png"))
                        .sorted()
                        .toList();
            }
            assertThat(images).as("one PNG per slide of %s", deck.getFileName()).hasSize(slides);
            for (Path png : images) {
                PngCheck.assertNotBlank(png);
            }
        }
    }

    private void assumeBrowser() {
        String render = read(site.resolve("render.json"));
        assumeTrue(
                render.contains("\"browser\": true"),
                "no Chrome/Chromium/Edge was found when the decks were rendered: PDF and PNG were skipped");
    }

    private static int count(Pattern pattern, String text) {
        return (int) pattern.matcher(text).results().count();
    }

    private static String read(Path file) {
        assertThat(file).isRegularFile();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
