package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checker itself, on fixture decks in {@code src/test/resources/fixtures/repo/slides}: it accepts excerpts that
 * match and rejects every kind of drift, so a green {@link ExcerptCheckTest} means something.
 */
class ExcerptCheckerSelfTest {

    private static final Path REPO = fixtures().resolve("repo");
    private final ExcerptChecker checker = new ExcerptChecker(REPO);

    @Test
    void matching_excerpts_pass_with_other_indentation_elisions_and_diff_lines() {
        var deck = DeckParser.parse(REPO.resolve("slides/good.md"));

        assertThat(deck.problems()).isEmpty();
        assertThat(deck.excerpts())
                .extracting(Excerpt::line, Excerpt::source)
                .containsExactly(
                        tuple(9, "lab-01-demo/src/Hello.java"),
                        tuple(19, "lab-01-demo/src/Hello.java"),
                        tuple(32, "lab-02-demo/CHANGES.diff"),
                        tuple(44, "lab-01-demo/src/Hello.java"));
        assertThat(deck.excerpts())
                .allSatisfy(excerpt -> assertThat(checker.check(excerpt)).isEmpty());
    }

    @Test
    void an_excerpt_with_a_changed_line_fails_and_names_both_lines() {
        assertThat(problemsOf("wrong-line.md"))
                .singleElement()
                .asString()
                .startsWith("wrong-line.md:7: excerpt of lab-01-demo/src/Hello.java: differs from the slide")
                .contains("the slide has `System.out.println(\"Hi, \" + name);`")
                .contains("where line 7 has `System.out.println(\"Hello, \" + name);`");
    }

    @Test
    void a_diff_excerpt_with_a_line_the_patch_does_not_have_fails() {
        assertThat(problemsOf("wrong-diff-line.md"))
                .singleElement()
                .asString()
                .startsWith("wrong-diff-line.md:7: excerpt of lab-02-demo/CHANGES.diff: differs from the slide")
                .contains("`+import org.slf4j.MDC;`");
    }

    @Test
    void an_excerpt_of_a_missing_file_fails() {
        assertThat(problemsOf("missing-file.md"))
                .containsExactly("missing-file.md:7: excerpt of lab-01-demo/src/Goodbye.java: does not exist");
    }

    @Test
    void elided_parts_must_appear_in_the_order_of_the_slide() {
        assertThat(problemsOf("out-of-order.md"))
                .singleElement()
                .asString()
                .contains("does not contain the line `public static void main(String[] args) {` after line 10");
    }

    @Test
    void a_path_outside_the_repository_fails_even_when_the_file_exists() {
        assertThat(fixtures().resolve("outside/Hello.java")).isRegularFile();
        assertThat(problemsOf("outside-repo.md"))
                .containsExactly(
                        "outside-repo.md:7: excerpt of ../outside/Hello.java: is outside the repository (write a path relative to its root)");
    }

    @Test
    void a_marker_that_is_not_followed_by_a_code_block_fails() {
        var deck = DeckParser.parse(REPO.resolve("slides/dangling-marker.md"));

        assertThat(deck.problems())
                .containsExactly(
                        "dangling-marker.md:7: excerpt marker for lab-01-demo/src/Hello.java is not followed by a fenced code block");
        assertThat(deck.excerpts()).isEmpty();
    }

    @Test
    void a_code_block_that_never_closes_fails() {
        assertThat(DeckParser.parse(REPO.resolve("slides/unclosed.md")).problems())
                .containsExactly("unclosed.md:8: code block is never closed");
    }

    @Test
    void common_indentation_is_ignored_but_relative_indentation_is_not() {
        var file = List.of("class A {", "    void f() {", "        g();", "    }", "}");

        assertThat(ExcerptChecker.find(file, ExcerptChecker.dedent(List.of("void f() {", "    g();", "}")), 0))
                .isEqualTo(1);
        assertThat(ExcerptChecker.find(file, ExcerptChecker.dedent(List.of("void f() {", "g();", "}")), 0))
                .isEqualTo(-1);
    }

    /** Parses a fixture deck and checks its excerpts: parse problems first, then excerpt problems. */
    private List<String> problemsOf(String deck) {
        var parsed = DeckParser.parse(REPO.resolve("slides").resolve(deck));
        var problems = new ArrayList<>(parsed.problems());
        parsed.excerpts().stream().map(checker::check).flatMap(Optional::stream).forEach(problems::add);
        return problems;
    }

    private static Path fixtures() {
        try {
            return Path.of(ExcerptCheckerSelfTest.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
