package com.example.pets.support.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * What has arrived so far of one trace, as a tree. {@link #toString()} draws it.
 *
 * @param roots the spans whose parent has not arrived: normally just the service's segment
 * @param documents how many documents (datagrams) made it
 */
public record Trace(String id, List<Span> roots, int documents, Instant lastArrival) {

    /** Builds the tree from the documents of one trace, in arrival order. */
    static Trace of(String id, List<JsonNode> documents, Instant lastArrival) {
        var entities = new LinkedHashMap<String, Entity>();
        for (var document : documents) {
            var segment = !"subsegment".equals(document.path("type").asText());
            collect(document, segment, document.path("parent_id").asText(null), entities);
        }
        var children = new LinkedHashMap<String, List<Entity>>();
        var roots = new ArrayList<Entity>();
        for (var entity : entities.values()) {
            if (entities.containsKey(entity.parentId())) {
                children.computeIfAbsent(entity.parentId(), parent -> new ArrayList<>())
                        .add(entity);
            } else {
                roots.add(entity);
            }
        }
        return new Trace(id, toSpans(roots, children), documents.size(), lastArrival);
    }

    private record Entity(JsonNode document, boolean segment, String parentId) {
        String id() {
            return document.path("id").asText();
        }
    }

    /** Flattens embedded subsegments, so that those streamed on their own and those inside a parent look alike. */
    private static void collect(JsonNode document, boolean segment, String parentId, Map<String, Entity> entities) {
        var entity = new Entity(document, segment, parentId);
        var earlier = entities.get(entity.id());
        // The latest version of a span wins, except that a late "in progress" copy never hides a finished one.
        if (earlier == null
                || earlier.document().path("in_progress").asBoolean()
                || !document.path("in_progress").asBoolean()) {
            entities.put(entity.id(), entity);
        }
        for (var subsegment : document.path("subsegments")) {
            collect(subsegment, false, entity.id(), entities);
        }
    }

    private static List<Span> toSpans(List<Entity> entities, Map<String, List<Entity>> children) {
        return entities.stream()
                .map(e -> new Span(
                        e.document(), e.segment(), toSpans(children.getOrDefault(e.id(), List.of()), children)))
                .sorted(Comparator.comparingDouble(Span::startTime))
                .toList();
    }

    /** The segment the request started. */
    public Optional<Span> rootSegment() {
        return roots.stream().filter(Span::segment).findFirst();
    }

    /** The root segment has ended: the SDK sends it last, once the request is done. */
    public boolean isComplete() {
        return rootSegment().filter(root -> !root.inProgress()).isPresent();
    }

    /** Every span, depth first. */
    public Stream<Span> spans() {
        return roots.stream().flatMap(Span::flatten);
    }

    /** Every span with this name, anywhere in the tree. */
    public List<Span> findAll(String name) {
        return spans().filter(span -> span.name().equals(name)).toList();
    }

    /** The first span with this name, anywhere in the tree. */
    public Span find(String name) {
        return findAll(name).stream()
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("No span named " + name + " in\n" + this));
    }

    /** From the first start to the last end, or empty while a span is still in progress. */
    public OptionalDouble durationMillis() {
        if (spans().anyMatch(Span::inProgress)) {
            return OptionalDouble.empty();
        }
        var start = spans().mapToDouble(Span::startTime).min().orElse(0);
        var end = spans().mapToDouble(Span::endTime).max().orElse(0);
        return OptionalDouble.of((end - start) * 1000);
    }

    /** The indented tree, one line per span. */
    @Override
    public String toString() {
        return TraceText.render(this);
    }
}
