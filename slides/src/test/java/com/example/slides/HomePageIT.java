package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The course home page, {@code target/site/index.html}: every lab in order, each with its README, deck, lesson diff,
 * objectives and time, and no link that leads nowhere.
 */
class HomePageIT {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    private final Path site = Path.of(System.getProperty(
                    "slides.site", Decks.slidesDir().resolve("target/site").toString()))
            .toAbsolutePath();

    private String page() throws IOException {
        return Files.readString(site.resolve("index.html"));
    }

    @Test
    void every_link_on_the_home_page_resolves_to_a_file() throws IOException {
        List<String> links = HREF.matcher(page()).results().map(m -> m.group(1)).toList();

        assertThat(links).isNotEmpty().allSatisfy(link -> {
            String path = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
            assertThat(link).as("a link inside the course").doesNotContain("://");
            assertThat(site.resolve(path).normalize())
                    .as("the home page links %s", link)
                    .exists();
        });
    }

    @Test
    void every_lab_is_listed_in_order_with_its_readme_deck_and_lesson_diff() throws IOException {
        String page = page();
        var labs = Decks.all().stream()
                .map(Decks::baseName)
                .filter(name -> name.startsWith("lab-"))
                .toList();
        assertThat(labs).hasSizeGreaterThanOrEqualTo(6);

        var positions = new ArrayList<Integer>();
        for (String lab : labs) {
            positions.add(page.indexOf("href=\"../../../" + lab + "/README.md\""));
            assertThat(page).contains("href=\"" + lab + ".html\"");
            if (Files.exists(Decks.repositoryRoot().resolve(lab).resolve("CHANGES.diff"))) {
                assertThat(page).containsPattern("href=\"[^\"]*" + lab + "[^\"]*\">lesson diff<");
            }
        }
        assertThat(positions).doesNotContain(-1).isSorted();
        assertThat(page.indexOf("href=\"introduction.html\"")).isBetween(0, positions.get(0));
    }

    @Test
    void every_lab_shows_its_objectives_and_time_from_its_readme() throws IOException {
        String page = page();
        for (Path deck : Decks.all()) {
            String lab = Decks.baseName(deck);
            if (!lab.startsWith("lab-")) {
                continue;
            }
            String entry = page.substring(page.indexOf("href=\"../../../" + lab + "/README.md\""));
            entry = entry.substring(0, entry.indexOf("</li>\n"));
            assertThat(entry)
                    .as("%s on the home page", lab)
                    .contains("class=\"time\"")
                    .contains("min");
            assertThat(entry.split("<li>", -1).length - 1)
                    .as("%s objectives", lab)
                    .isBetween(3, 5);
        }
    }
}
