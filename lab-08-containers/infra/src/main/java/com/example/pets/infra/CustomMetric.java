package com.example.pets.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code custom-metrics.csv}: a metric the application emits with one set of dimensions,
 * and the largest number of distinct dimension-value combinations it can produce. Every combination is
 * a CloudWatch custom metric, billed on its own once the ten always-free ones are used up, so the file
 * is the budget the application code has to stay inside. The dashboard graphs whatever the file lists.
 */
public record CustomMetric(String name, String unit, List<String> dimensions, int series) {

    static final String HEADER = "metric,unit,dimensions,series";

    public CustomMetric {
        dimensions = List.copyOf(dimensions);
        if (series < 1) {
            throw new IllegalArgumentException(name + ": series must be at least 1, was " + series);
        }
    }

    public static List<CustomMetric> read(Path csv) {
        try {
            return parse(Files.readAllLines(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the custom metric list " + csv.toAbsolutePath(), e);
        }
    }

    static List<CustomMetric> parse(List<String> lines) {
        var rows = lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (rows.isEmpty() || !rows.getFirst().equals(HEADER)) {
            throw new IllegalArgumentException("The custom metric list must start with the header " + HEADER);
        }
        return rows.stream().skip(1).map(CustomMetric::parseRow).toList();
    }

    private static CustomMetric parseRow(String row) {
        var cells = row.split(",", -1);
        if (cells.length != 4) {
            throw new IllegalArgumentException("Expected 4 comma-separated cells in: " + row);
        }
        var dimensions = Arrays.stream(cells[2].split(";"))
                .map(String::strip)
                .filter(dimension -> !dimension.isEmpty())
                .toList();
        try {
            return new CustomMetric(cells[0].strip(), cells[1].strip(), dimensions, Integer.parseInt(cells[3].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("series is not a whole number in: " + row, e);
        }
    }
}
