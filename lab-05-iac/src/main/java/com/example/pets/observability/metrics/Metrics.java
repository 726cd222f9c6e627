package com.example.pets.observability.metrics;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Writes metrics as CloudWatch Embedded Metric Format: one JSON document per line on stdout, which CloudWatch Logs
 * turns into metrics on arrival. No API call, no agent, nothing to wait for on Lambda.
 *
 * <p>On Lambda with the JSON log format, every stdout line is also a log event that Lambda's log-level filter judges
 * before CloudWatch sees it, and a dropped line is a lost data point. So each document is a well-formed Lambda JSON log
 * line too: an explicit {@code "level": "INFO"} and an RFC 3339 {@code timestamp} (the same instant as
 * {@code _aws.Timestamp}). The EMF specification allows any other members at the root. Lambda drops it all the same
 * under an application log level of WARN or above: the stack refuses those (lab-05), see the lab-03 README, which
 * links Lambda's log-level filtering ({@code level} missing or invalid means INFO) and the EMF specification.
 */
public final class Metrics {

    public static final String COLD_START = "ColdStart";
    public static final String CREATED_PETS = "CreatedPets";
    public static final String UNHANDLED_EXCEPTIONS = "UnhandledExceptions";
    public static final String REQUEST_COUNT = "RequestCount";

    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private final String namespace;
    private final String service;
    private final String environmentName;
    private final EnvironmentProvider environment = new EnvironmentProvider();

    /** {@code environment}: the value of the {@code environment} dimension, such as local or prod. */
    public Metrics(String namespace, String service, String environment) {
        this.namespace = namespace;
        this.service = service;
        this.environmentName = environment;
        chooseEnvironment();
    }

    /** Counted once per execution environment, by the Lambda entry point. */
    public void coldStart(String functionName) {
        var document = document();
        flushQuietly(() -> {
            document.setDimensions(false, DimensionSet.of("service", service, "function_name", functionName));
            document.putMetric(COLD_START, 1, Unit.COUNT);
            document.flush();
        });
    }

    /** An empty EMF document for this service; one per dimension set, because a document's dimensions apply to all. */
    MetricsLogger document() {
        var document = new MetricsLogger(environment);
        flushQuietly(() -> {
            document.setNamespace(namespace);
            var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            document.setTimestamp(now);
            document.putProperty("timestamp", DateTimeFormatter.ISO_INSTANT.format(now));
            document.putProperty("level", "INFO"); // what Lambda would assign anyway, so no line relies on a default
        });
        return document;
    }

    DimensionSet serviceDimensions() throws Exception {
        return DimensionSet.of("service", service, "environment", environmentName);
    }

    DimensionSet routeDimensions(String route) throws Exception {
        return DimensionSet.of("service", service, "environment", environmentName, "route", route);
    }

    /** Metrics must never fail a request: a metrics problem is logged and the request goes on. */
    static void flushQuietly(MetricsAction action) {
        try {
            action.run();
        } catch (Exception e) {
            log.atWarn()
                    .setMessage("Could not write metrics")
                    .addKeyValue("exception_name", e.getClass().getName())
                    .log();
        }
    }

    /**
     * Unless AWS_EMF_ENVIRONMENT says, the library probes every environment at once, even on Lambda (a thread calls
     * EC2's metadata endpoint: 100 classes a cold start), and off Lambda waits a minute for an agent. Lambda or stdout.
     */
    private static void chooseEnvironment() {
        var onLambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
        if (System.getenv("AWS_EMF_ENVIRONMENT") == null) {
            EnvironmentConfigurationProvider.getConfig()
                    .setEnvironmentOverride(onLambda ? Environments.Lambda : Environments.Local);
        }
    }

    @FunctionalInterface
    interface MetricsAction {
        void run() throws Exception;
    }
}
