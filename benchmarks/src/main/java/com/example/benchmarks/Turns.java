package com.example.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The order labs take their turns in: shifted by one place every run or round, so that each lab goes first as often
 * as any other. Going first is not neutral: that JVM meets DynamoDB Local and the machine as the previous lab's left
 * them, and a fixed order adds that difference to the first lab's figures every time.
 */
final class Turns {

    private Turns() {}

    /** {@code items} starting at place {@code turn} (modulo their number), the ones before it moved to the end. */
    static <T> List<T> rotated(List<T> items, int turn) {
        if (items.isEmpty()) {
            return List.of();
        }
        var shift = Math.floorMod(turn, items.size());
        var order = new ArrayList<T>(items.subList(shift, items.size()));
        order.addAll(items.subList(0, shift));
        return order;
    }
}
