package com.example.pets.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.example.pets.storage.DynamoDbClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, the real DynamoDB engine from Maven Central, started inside this JVM and reached over HTTP like
 * the real service. In memory by default; with a data directory the tables survive a restart.
 */
public final class LocalDynamoDb implements AutoCloseable {

    private final int port;
    private final Optional<Path> dataDirectory;
    private DynamoDBProxyServer server;

    private LocalDynamoDb(int port, Optional<Path> dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    public static LocalDynamoDb start(Optional<Path> dataDirectory) {
        var db = new LocalDynamoDb(freePort(), dataDirectory);
        db.startServer();
        return db;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client for this server. DynamoDB Local accepts any credentials; these just keep the SDK from looking. */
    public DynamoDbClient client() {
        return DynamoDbClients.builder(DynamoDbClients.LOCAL)
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Stops the engine, as if DynamoDB became unreachable. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop DynamoDB Local", e);
        }
    }

    /** Starts the engine again on the same port. */
    public void restart() {
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private void startServer() {
        var args = new ArrayList<String>();
        args.add("-port");
        args.add(Integer.toString(port));
        args.add("-disableTelemetry");
        // One database for every credential and region, so a CLI or another client sees the same tables.
        args.add("-sharedDb");
        dataDirectory.ifPresentOrElse(
                dir -> {
                    args.add("-dbPath");
                    args.add(dir.toAbsolutePath().toString());
                },
                () -> args.add("-inMemory"));
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start DynamoDB Local on port " + port, e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
