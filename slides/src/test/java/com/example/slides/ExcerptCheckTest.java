package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Every code excerpt on every deck still matches the lab file it names. */
class ExcerptCheckTest {

    private final ExcerptChecker checker = new ExcerptChecker(Decks.repositoryRoot());

    @TestFactory
    Stream<DynamicNode> every_excerpt_on_a_slide_matches_its_source_file() {
        return Decks.all().stream().map(deck -> {
            var parsed = DeckParser.parse(deck);
            var tests = new ArrayList<DynamicNode>();
            tests.add(dynamicTest("excerpt markers are followed by code blocks", () -> assertThat(parsed.problems())
                    .isEmpty()));
            for (Excerpt excerpt : parsed.excerpts()) {
                tests.add(dynamicTest("line " + excerpt.line() + ": " + excerpt.source(), () -> checker.check(excerpt)
                        .ifPresent(Assertions::fail)));
            }
            return dynamicContainer(deck.getFileName().toString(), tests);
        });
    }

    @TestFactory
    Stream<DynamicNode> a_lab_deck_quotes_its_own_lab() {
        return Decks.all().stream()
                .filter(deck -> deck.getFileName().toString().startsWith("lab-"))
                .map(deck -> dynamicTest(deck.getFileName().toString(), () -> {
                    List<Excerpt> excerpts = DeckParser.parse(deck).excerpts();
                    assertThat(excerpts)
                            .as(
                                    "a lab deck shows code from its lab (an <!-- excerpt: %s/... --> block)",
                                    Decks.baseName(deck))
                            .anySatisfy(excerpt -> assertThat(excerpt.source()).startsWith(Decks.baseName(deck) + "/"));
                }));
    }
}
