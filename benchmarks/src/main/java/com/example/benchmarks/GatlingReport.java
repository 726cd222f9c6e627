package com.example.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.regex.Pattern;

/**
 * The "All Requests" row of a Gatling report's statistics table. Gatling 3.15 writes its statistics only into the
 * HTML report (no stats.json any more), so this reads that row's cells by their column classes.
 */
record GatlingReport(
        long requests, long ok, long ko, double throughput, long p50Ms, long p95Ms, long p99Ms, long maxMs) {

    private static final Pattern CELL = Pattern.compile("class=\"value [a-z ]*col-(\\d+)\">([^<]*)<");

    static GatlingReport read(Path indexHtml) throws IOException {
        var html = Files.readString(indexHtml);
        var start = html.indexOf("<tr id=\"ROOT\"");
        if (start < 0) {
            throw new IllegalStateException("No statistics table in " + indexHtml);
        }
        var row = html.substring(start, html.indexOf("</tr>", start));
        var cells = new HashMap<Integer, String>();
        var matcher = CELL.matcher(row);
        while (matcher.find()) {
            cells.put(Integer.parseInt(matcher.group(1)), matcher.group(2).strip());
        }
        return new GatlingReport(
                number(cells, 2),
                number(cells, 3),
                number(cells, 4),
                Double.parseDouble(cells.get(6)),
                number(cells, 8),
                number(cells, 10),
                number(cells, 11),
                number(cells, 12));
    }

    /** Gatling shows "-" where there is nothing to count, such as the failures of a run without any. */
    private static long number(java.util.Map<Integer, String> cells, int column) {
        var value = cells.get(column);
        if (value == null) {
            throw new IllegalStateException("No column " + column + " in the statistics table");
        }
        return value.equals("-") ? 0 : Long.parseLong(value);
    }
}
