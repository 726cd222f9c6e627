package com.example.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** A run takes several minutes: say what it is doing. */
final class Progress {

    private Progress() {}

    static void say(String format, Object... args) {
        System.out.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + format.formatted(args));
    }
}
