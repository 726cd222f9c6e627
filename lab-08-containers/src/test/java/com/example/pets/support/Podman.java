package com.example.pets.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code podman} command, as the tests run it: with runc where it is installed (crun fails under some cgroup
 * set-ups) and without the default open-files limit, which an unprivileged sandbox may not be allowed to set.
 */
public final class Podman {

    private static final long PATIENCE_SECONDS = 120;

    private final List<String> prefix;
    private final Path containersConf;

    private Podman(List<String> prefix, Path containersConf) {
        this.prefix = prefix;
        this.containersConf = containersConf;
    }

    /** {@code workDir}: where its settings file goes, such as target/container. */
    public static Podman forTests(Path workDir) throws IOException {
        var conf = workDir.resolve("containers.conf");
        Files.createDirectories(workDir);
        Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
        var prefix = new ArrayList<>(List.of("podman"));
        if (onPath("runc")) {
            prefix.addAll(List.of("--runtime", "runc"));
        }
        return new Podman(prefix, conf.toAbsolutePath());
    }

    /** Runs a podman command and returns what it printed, trimmed; fails with its output when it fails. */
    public String run(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONTAINERS_CONF", containersConf.toString());
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output.strip();
    }

    /** Starts a container in the background, its port published on a free port of 127.0.0.1. */
    public Container start(String image, int containerPort, List<String> environment)
            throws IOException, InterruptedException {
        var hostPort = freePort();
        var args = new ArrayList<>(List.of("run", "--detach", "--publish"));
        args.add("127.0.0.1:" + hostPort + ":" + containerPort);
        for (var variable : environment) {
            args.addAll(List.of("--env", variable));
        }
        args.add(image);
        return new Container(run(args.toArray(String[]::new)), hostPort);
    }

    /** A running container; closing it removes it, stopped or not. */
    public final class Container implements AutoCloseable {

        private final String id;
        private final int port;

        private Container(String id, int port) {
            this.id = id;
            this.port = port;
        }

        public String id() {
            return id;
        }

        public int port() {
            return port;
        }

        public URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            run("rm", "--force", "--time", "0", id);
        }
    }

    private static boolean onPath(String tool) {
        var path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin"; // Debian puts runc there
        for (var dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
