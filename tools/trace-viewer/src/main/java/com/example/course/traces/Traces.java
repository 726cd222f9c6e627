package com.example.course.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Collects segment documents by trace id as they arrive, and lets a test wait for the trace it expects. Safe to
 * call from the thread that receives datagrams and the thread that reads.
 */
public final class Traces {

    // A viewer left running all day keeps the newest traces only.
    static final int KEPT = 1_000;

    private final InstantSource clock;
    private final Map<String, Received> received = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Received> eldest) {
            return size() > KEPT;
        }
    };

    private record Received(List<JsonNode> documents, Instant lastArrival) {
        Trace toTrace(String traceId) {
            return Trace.of(traceId, documents, lastArrival);
        }
    }

    public Traces() {
        this(InstantSource.system());
    }

    /** With the clock that stamps arrivals, so that a test can say when "later" is. */
    public Traces(InstantSource clock) {
        this.clock = clock;
    }

    public synchronized void add(JsonNode document) {
        var traceId = document.path("trace_id").asText();
        var documents = received.containsKey(traceId) ? received.get(traceId).documents() : new ArrayList<JsonNode>();
        documents.add(document);
        received.put(traceId, new Received(documents, clock.instant()));
        notifyAll();
    }

    public synchronized Optional<Trace> trace(String traceId) {
        return Optional.ofNullable(received.get(traceId)).map(r -> r.toTrace(traceId));
    }

    /** Every trace, oldest first. */
    public synchronized List<Trace> all() {
        return received.entrySet().stream()
                .map(e -> e.getValue().toTrace(e.getKey()))
                .toList();
    }

    /** Waits until this trace has at least {@code documents} documents. */
    public Trace awaitTrace(String traceId, int documents, Duration timeout) {
        return await(
                "trace " + traceId + " with " + documents + " documents",
                trace -> trace.id().equals(traceId) && trace.documents() >= documents,
                timeout);
    }

    /** Waits until a trace holds a span with this name, anywhere in its tree. */
    public Trace awaitSpanNamed(String name, Duration timeout) {
        return await("a span named " + name, trace -> !trace.findAll(name).isEmpty(), timeout);
    }

    /**
     * Waits until a trace matches, and returns the first that does.
     *
     * @throws IllegalStateException on timeout, listing what did arrive
     */
    public synchronized Trace await(String description, Predicate<Trace> condition, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var match = all().stream().filter(condition).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            var left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Waited " + timeout + " for " + description + ". Received: "
                        + (received.isEmpty()
                                ? "nothing"
                                : all().stream().map(Trace::toString).collect(Collectors.joining("\n", "\n", ""))));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + description, e);
            }
        }
    }
}
