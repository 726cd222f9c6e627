package com.example.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TurnsTest {

    private static final List<String> LABS = List.of("lab-01", "lab-02", "lab-03");

    @Test
    void every_lab_goes_first_once_in_as_many_turns_as_there_are_labs() {
        var first = IntStream.range(0, LABS.size())
                .mapToObj(turn -> Turns.rotated(LABS, turn).get(0))
                .toList();

        assertThat(first).containsExactlyElementsOf(LABS);
    }

    @Test
    void each_turn_keeps_every_lab_once_and_their_order_around_the_circle() {
        assertThat(Turns.rotated(LABS, 0)).containsExactly("lab-01", "lab-02", "lab-03");
        assertThat(Turns.rotated(LABS, 4)).containsExactly("lab-02", "lab-03", "lab-01");
    }
}
