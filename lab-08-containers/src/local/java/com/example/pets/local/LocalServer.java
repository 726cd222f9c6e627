package com.example.pets.local;

import com.example.pets.storage.DynamoDbClients;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the Pets API on a laptop: {@code ./mvnw exec:java}. With nothing configured it starts DynamoDB Local in
 * memory. Settings, all optional:
 *
 * <ul>
 *   <li>{@code PORT}: where the API listens (7070)
 *   <li>{@code TABLE_NAME}: the table (pets)
 *   <li>{@code DYNAMODB_LOCAL_DATA_DIR}: keep DynamoDB Local's data in this folder across restarts; created when
 *       missing, a relative path starts from the working directory (where {@code ./mvnw} runs)
 *   <li>{@code AWS_ENDPOINT_URL_DYNAMODB}: use the DynamoDB at this URL instead of starting one
 * </ul>
 *
 * <p>A setting it cannot use, or a port that is taken, stops it with one line that says what to change, and a
 * non-zero exit code: nothing is left running.
 */
public final class LocalServer {

    private LocalServer() {}

    public static void main(String[] args) {
        try {
            start();
        } catch (StartupException e) {
            System.out.println(e.getMessage());
            // DynamoDB Local and the SDK leave non-daemon threads behind: without an exit, Maven would wait forever.
            System.exit(1);
        }
    }

    static Javalin start() {
        var port = port(env("PORT", "7070"));
        requireFree(port);
        var tableName = env("TABLE_NAME", "pets");

        LocalPets pets;
        if (System.getenv("AWS_ENDPOINT_URL_DYNAMODB") != null) {
            pets = LocalPets.using(
                    DynamoDbClients.builder(DynamoDbClients.LOCAL).build());
            System.out.println("Using DynamoDB at " + System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
        } else {
            var dataDir = Optional.ofNullable(System.getenv("DYNAMODB_LOCAL_DATA_DIR"))
                    .filter(dir -> !dir.isBlank())
                    .map(LocalServer::dataDirectory);
            pets = LocalPets.start(dataDir);
            System.out.println("Started DynamoDB Local at "
                    + pets.dynamoDbLocal().orElseThrow().endpoint() + " ("
                    + dataDir.map(dir -> "data in " + dir).orElse("in memory") + ")");
        }

        Javalin app;
        try {
            app = pets.app(tableName).start(port);
        } catch (JavalinBindException e) {
            // Taken between the check above and now.
            pets.close();
            throw portInUse(port);
        }
        System.out.println("Pets API listening on http://localhost:" + app.port());
        System.out.println("  pets:    http://localhost:" + app.port() + "/pets");
        System.out.println("  docs:    http://localhost:" + app.port() + "/docs");
        System.out.println("Press Ctrl+C to stop.");
        return app;
    }

    private static int port(String value) {
        if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) > 65535) {
            throw new StartupException(
                    "PORT=" + value + " is not a port number; set PORT to a number from 1 to 65535.");
        }
        return Integer.parseInt(value);
    }

    /** Checked before DynamoDB Local starts, so a second server on a taken port stops at once with one line. */
    private static void requireFree(int port) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Jetty binds: a connection closing on the port does not count
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw portInUse(port);
        }
    }

    private static StartupException portInUse(int port) {
        return new StartupException("Port " + port + " is in use (is the API already running?); set PORT=" + (port + 1)
                + ", or another free port, to use another.");
    }

    /** The data folder as an absolute path, created when missing; one line naming it when it cannot be used. */
    private static Path dataDirectory(String value) {
        Path dir;
        try {
            dir = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw unusable(value, "it is not a valid path");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            var existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && !Files.isDirectory(existing)) {
                throw unusable(value, existing + " is a file, not a folder");
            }
            throw unusable(
                    value,
                    e instanceof AccessDeniedException
                            ? "no permission to create " + dir
                            : dir + " cannot be created (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw unusable(value, "the folder " + dir + " is not writable");
        }
        return dir;
    }

    private static StartupException unusable(String value, String reason) {
        return new StartupException("DYNAMODB_LOCAL_DATA_DIR=" + value + " cannot be used: " + reason
                + ". Set it to a folder you can write to (a relative path starts from "
                + Path.of("").toAbsolutePath() + ").");
    }

    static String env(String name, String fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A setting or the machine stops the server from starting; the message is the one line the user sees. */
    static final class StartupException extends RuntimeException {
        StartupException(String message) {
            super(message);
        }
    }
}
