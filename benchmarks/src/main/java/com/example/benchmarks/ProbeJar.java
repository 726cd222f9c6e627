package com.example.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Packs the probe classes into a jar for the lab JVMs' classpath: the JVM only writes an AOT cache for a classpath
 * made of jars, and the probes are all a lab JVM needs from this module.
 */
final class ProbeJar {

    private static final String PROBES = "com/example/benchmarks/probe";

    private ProbeJar() {}

    static Path write(Path classes, Path jar) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(jar));
                var files = Files.walk(classes.resolve(PROBES))) {
            for (var file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
