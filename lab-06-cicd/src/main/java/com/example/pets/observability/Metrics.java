package com.example.pets.observability;

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
 */
public final class Metrics {

    public static final String COLD_START = "ColdStart";
    public static final String CREATED_PETS = "CreatedPets";
    public static final String UNHANDLED_EXCEPTIONS = "UnhandledExceptions";
    public static final String REQUEST_COUNT = "RequestCount";

    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private final MetricsSettings settings;
    private final EnvironmentProvider environment = new EnvironmentProvider();

    public Metrics(MetricsSettings settings) {
        this.settings = settings;
        useStdoutOffLambda();
    }

    public MetricsSettings settings() {
        return settings;
    }

    /** Counted once per execution environment, by the Lambda entry point. */
    public void coldStart(String functionName) {
        var document = document();
        flushQuietly(() -> {
            document.setDimensions(
                    false, DimensionSet.of("service", settings.service(), "function_name", functionName));
            document.putMetric(COLD_START, 1, Unit.COUNT);
            document.flush();
        });
    }

    /** An empty EMF document for this service; one per dimension set, because a document's dimensions apply to all. */
    MetricsLogger document() {
        var document = new MetricsLogger(environment);
        flushQuietly(() -> document.setNamespace(settings.namespace()));
        return document;
    }

    DimensionSet serviceDimensions() throws Exception {
        return DimensionSet.of("service", settings.service(), "environment", settings.environment());
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
     * Outside Lambda the library would look for a CloudWatch agent on 127.0.0.1:25888 and, finding none, hold the
     * JVM for a minute. On a laptop the documents go to stdout, straight away, unless AWS_EMF_ENVIRONMENT says
     * otherwise.
     */
    private static void useStdoutOffLambda() {
        var config = EnvironmentConfigurationProvider.getConfig();
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null && System.getenv("AWS_EMF_ENVIRONMENT") == null) {
            config.setEnvironmentOverride(Environments.Local);
        }
    }

    @FunctionalInterface
    interface MetricsAction {
        void run() throws Exception;
    }
}
