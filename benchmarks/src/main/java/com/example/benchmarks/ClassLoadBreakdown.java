package com.example.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a lab's start-up goes, counted in classes: one more {@code GET /} cold start per lab with the JVM's class
 * loading log on ({@code -Xlog:class+load}), each loaded class put in the library it belongs to. Class loading is
 * most of a Java cold start (the AOT cache table shows how much), so the count per library shows what each lesson's
 * layer brings in.
 */
final class ClassLoadBreakdown {

    /** Libraries by package prefix, most specific first; the first that matches wins. */
    private static final Map<String, String> LIBRARIES = libraries();

    private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (\\S+) source: ");

    private ClassLoadBreakdown() {}

    /** For each lab, the classes loaded by the first {@code GET /} answer, counted by library. */
    static Map<Lab, Map<String, Integer>> measure(List<Lab> labs, LambdaJvm jvm, Path work)
            throws IOException, InterruptedException {
        var results = new LinkedHashMap<Lab, Map<String, Integer>>();
        for (var lab : labs) {
            var log = work.resolve(lab.name() + "-class-load.log");
            Files.deleteIfExists(log);
            jvm.run(
                    lab,
                    "ColdStartProbe",
                    lab.tableName(),
                    ColdStarts.FirstEvent.ROOT.probeArgs(lab),
                    List.of("-Xlog:class+load=info:file=" + log));
            results.put(lab, count(Files.readAllLines(log)));
        }
        return results;
    }

    static Map<String, Integer> count(List<String> logLines) {
        var counts = new TreeMap<String, Integer>();
        for (var line : logLines) {
            var matcher = LOADED.matcher(line);
            if (matcher.find() && !matcher.group(1).startsWith("com.example.benchmarks.")) {
                counts.merge(library(matcher.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }

    static String library(String className) {
        return LIBRARIES.entrySet().stream()
                .filter(entry -> className.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("other");
    }

    private static Map<String, String> libraries() {
        var libraries = new LinkedHashMap<String, String>();
        libraries.put("com.example.", "the course's code");
        // The two parts of the JDK a lesson pulls in on its own: the XML parser (logback.xml) and the HTTP client
        // (OpenTelemetry's OTLP exporter).
        libraries.put("javax.xml.", "JDK: XML parser");
        libraries.put("org.xml.sax.", "JDK: XML parser");
        libraries.put("org.w3c.dom.", "JDK: XML parser");
        libraries.put("com.sun.org.apache.", "JDK: XML parser");
        libraries.put("jdk.xml.", "JDK: XML parser");
        libraries.put("java.net.http.", "JDK: HTTP client");
        libraries.put("jdk.internal.net.http.", "JDK: HTTP client");
        libraries.put("java.", "JDK");
        libraries.put("javax.", "JDK");
        libraries.put("jdk.", "JDK");
        libraries.put("sun.", "JDK");
        libraries.put("com.sun.", "JDK");
        libraries.put("io.javalin.", "Javalin");
        libraries.put("kotlin", "Kotlin stdlib (Javalin)");
        libraries.put("org.eclipse.jetty.", "Jetty");
        libraries.put("jakarta.", "Jakarta APIs");
        libraries.put("com.amazonaws.serverless.", "aws-serverless-java-container");
        libraries.put("com.amazonaws.services.lambda.", "Lambda runtime interfaces");
        libraries.put("com.amazonaws.xray.", "X-Ray SDK");
        libraries.put("software.amazon.cloudwatchlogs.", "EMF (aws-embedded-metrics)");
        libraries.put("software.amazon.awssdk.", "AWS SDK v2");
        libraries.put("com.fasterxml.jackson.", "Jackson");
        libraries.put("org.slf4j.", "SLF4J");
        libraries.put("ch.qos.logback.", "Logback");
        libraries.put("net.logstash.", "logstash-logback-encoder");
        libraries.put("io.opentelemetry.", "OpenTelemetry");
        libraries.put("io.prometheus.", "Prometheus client");
        libraries.put("org.apache.", "Apache Commons and HTTP");
        return libraries;
    }
}
