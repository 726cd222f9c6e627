package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every shell block of the course's Markdown works as written up to where it needs AWS, GitHub or Docker, and says so. */
class CommandsTest {

    private static final Path ROOT = Decks.repositoryRoot();
    private final CommandChecker checker = new CommandChecker(ROOT);

    @TestFactory
    Stream<DynamicTest> every_shell_block_in_the_course_markdown_runs_as_written() {
        return ClaimChecker.markdownFiles(ROOT).stream()
                .map(file -> dynamicTest(ROOT.relativize(file).toString(), () -> assertThat(checker.check(file))
                        .as("shell blocks in %s", ROOT.relativize(file))
                        .isEmpty()));
    }
}
