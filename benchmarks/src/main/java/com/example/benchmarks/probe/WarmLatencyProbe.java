package com.example.benchmarks.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Warm latency of a lab's handler, in process: after a warm-up, invokes it with a mix of the API's routes (create,
 * get, list, update, a missing pet, delete) and writes the time each invocation took to a file, one line each:
 * {@code route nanoseconds}. The events are the lab's own API Gateway event files, with the id of the pet just
 * created put in place of the sample id, so every cycle leaves the table as it found it.
 */
public final class WarmLatencyProbe {

    private static final String SAMPLE_PET_ID = "6f1c5e0a-7b2d-4c8e-9f3a-1b2c3d4e5f60";

    private final Invoker invoker;
    private final Path events;
    private final Map<String, String> templates = new HashMap<>();

    private WarmLatencyProbe(Invoker invoker, Path events) {
        this.invoker = invoker;
        this.events = events;
    }

    /** Arguments: the lab's events directory, warm-up cycles, measured cycles, the file to write timings to. */
    public static void main(String[] args) throws Exception {
        var probe = new WarmLatencyProbe(Invoker.init(), Path.of(args[0]));
        var warmUpCycles = Integer.parseInt(args[1]);
        var measuredCycles = Integer.parseInt(args[2]);
        var timings = new ArrayList<String>(measuredCycles * 6);
        for (int i = 0; i < warmUpCycles; i++) {
            probe.cycle(new ArrayList<>());
        }
        for (int i = 0; i < measuredCycles; i++) {
            probe.cycle(timings);
        }
        Files.write(Path.of(args[3]), timings);
        System.exit(0);
    }

    private void cycle(List<String> timings) throws IOException {
        var id = timed("create", event("create-pet.json", null), 201, timings).petId();
        timed("get", event("get-pet.json", id), 200, timings);
        timed("list", event("list-pets.json", null), 200, timings);
        timed("update", event("update-pet.json", id), 200, timings);
        timed("missing", event("get-missing-pet.json", null), 404, timings);
        timed("delete", event("delete-pet.json", id), 204, timings);
    }

    private Invoker.Response timed(String route, String event, int status, List<String> timings) throws IOException {
        var start = System.nanoTime();
        var response = invoker.invoke(event);
        var took = System.nanoTime() - start;
        response.expect(status);
        timings.add(route + " " + took);
        return response;
    }

    private String event(String file, String petId) {
        var json = templates.computeIfAbsent(file, this::read);
        return petId == null ? json : json.replace(SAMPLE_PET_ID, petId);
    }

    private String read(String file) {
        try {
            return Files.readString(events.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
