package com.example.pets.container;

import com.example.pets.PetsApp;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.pets.DynamoDbPetRepository;
import com.example.pets.storage.DynamoDbClients;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The container's entry point: the same app as on Lambda, served by Jetty as a long-lived process, with health
 * checks and Prometheus metrics. Only this class differs between the two runtimes.
 *
 * <p>On SIGTERM (ECS stopping the task, {@code docker stop}) it drains: the port stops accepting, {@code /ready} says
 * 503, requests in flight get up to {@code SHUTDOWN_TIMEOUT_SECONDS} to finish, the last spans are sent, and the
 * process exits 0.
 */
public final class ContainerServer {

    private static final Logger log = LoggerFactory.getLogger(ContainerServer.class);

    private ContainerServer() {}

    public static void main(String[] args) {
        try {
            start();
        } catch (IllegalArgumentException | SdkClientException | JavalinBindException e) {
            // A setting it cannot start with, or a port another process holds: one line that says what to change.
            log.error(e.getMessage());
            System.exit(1);
        } catch (RuntimeException | ExceptionInInitializerError e) {
            // Anything else is a bug: one line too, with the stack as a field of it, and no half-started server.
            log.error("Could not start", e);
            System.exit(1);
        }
    }

    private static void start() {
        var settings = ContainerSettings.from(System.getenv());
        // Builds the client now, so that a region or endpoint the SDK cannot use is one line too.
        var dynamoDb = DynamoDbClients.forContainer();
        var probes = new Probes(dynamoDb, settings.tableName());
        var observability = Observability.forContainer(ObservabilitySettings.fromEnvironment());
        var repository = new DynamoDbPetRepository(dynamoDb, settings.tableName());
        var inFlight = new GracefulHandler();
        var app = PetsApp.create(repository, Clock.systemUTC(), observability, config -> {
            probes.register(config);
            config.jetty.modifyServer(server -> {
                server.insertHandler(inFlight);
                server.setErrorHandler(new JettyAnswers());
            });
        });
        app.start(settings.port());
        // Jetty gives a connection that goes quiet during shutdown one second; a slow upload gets the whole bound.
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector jetty) {
                jetty.setShutdownIdleTimeout(settings.shutdownTimeout().toMillis());
            }
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> drain(app, inFlight, settings.shutdownTimeout(), observability), "drain"));
        log.atInfo()
                .setMessage("Pets API listening")
                .addKeyValue("port", app.port())
                .addKeyValue("table", settings.tableName())
                .log();
    }

    /**
     * Runs in the JVM's shutdown hook. It waits for the requests in flight, not for the connections: a client that keeps
     * an idle connection open between requests (Prometheus, the collector's scraper, the load balancer) would otherwise
     * hold the stop until the bound. A JVM stopped by a signal exits with 143 (128 + SIGTERM) even when all went well,
     * and an orchestrator reads that as a crash; after the drain it halts with 0 instead, and with 1 if the drain fails.
     */
    private static void drain(Javalin app, GracefulHandler inFlight, Duration bound, Observability observability) {
        try {
            var server = app.jettyServer().server();
            var finished = inFlight.shutdown(); // from now on, a request on a connection kept alive gets a 503
            for (var connector : server.getConnectors()) {
                connector.shutdown(); // accepts no new connection
            }
            log.info("SIGTERM: draining requests in flight");
            try {
                finished.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.warn(
                        "{} requests still in flight at SHUTDOWN_TIMEOUT_SECONDS were cut off",
                        inFlight.getCurrentRequestCount());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.setStopTimeout(0); // nothing left to wait for: close the idle connections now
            app.stop();
            observability.shutdown();
            log.info("Stopped");
        } catch (RuntimeException e) {
            log.error("The drain failed", e); // a bug: the exit code says so, and the stack is in the line
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().halt(0);
    }
}
