package com.example.pets.observability;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.pets.observability.logging.LambdaLogContext;
import com.example.pets.observability.logging.RequestLogging;
import com.example.pets.observability.metrics.Metrics;
import com.example.pets.observability.metrics.PrometheusMetrics;
import com.example.pets.observability.metrics.RequestMetrics;
import com.example.pets.observability.tracing.LambdaTracing;
import com.example.pets.observability.tracing.RequestTracing;
import com.example.pets.observability.tracing.TracedPetRepository;
import com.example.pets.observability.tracing.Tracing;
import com.example.pets.pets.PetRepository;
import com.example.pets.system.ServiceInfo;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.Key;
import java.io.IOException;
import java.util.Optional;

/**
 * The observability layers around the app, registered in this one place in the order they run. {@link #register}
 * wraps every HTTP request and keeps this object with the app; the Lambda entry point finds it there ({@link #of})
 * and wraps every invocation with {@link #invocation}. The Pets code itself knows nothing of either.
 *
 * <p>Metrics are pushed as EMF on Lambda, where nothing lives between invocations to be asked, and pulled by
 * Prometheus in a container ({@link #forContainer}), where the process keeps its counts.
 */
public final class Observability {

    private static final Key<Observability> KEY = new Key<>(Observability.class.getName());

    private final LambdaLogContext logContext = new LambdaLogContext();
    private final Metrics metrics;
    private final ObservabilitySettings settings;
    private final LambdaTracing tracing;
    private final Optional<PrometheusMetrics> prometheus;

    public Observability(ObservabilitySettings settings) {
        this(settings, Optional.empty());
    }

    private Observability(ObservabilitySettings settings, Optional<PrometheusMetrics> prometheus) {
        metrics = new Metrics(settings.namespace(), settings.service(), settings.environment());
        this.settings = settings;
        tracing = new LambdaTracing(settings.service());
        this.prometheus = prometheus;
    }

    public static Observability fromEnvironment() {
        return new Observability(ObservabilitySettings.fromEnvironment());
    }

    /** In a container: request metrics for Prometheus at {@code GET /metrics} instead of EMF lines. */
    public static Observability forContainer(ObservabilitySettings settings) {
        var prometheus =
                new PrometheusMetrics(settings.service(), ServiceInfo.load().version());
        return new Observability(settings, Optional.of(prometheus));
    }

    /** The layers around each HTTP request, in order. */
    public void register(JavalinConfig config) {
        config.appData(KEY, this);
        RequestLogging.register(config);
        prometheus.ifPresentOrElse(pulled -> pulled.register(config), () -> RequestMetrics.register(config, metrics));
        RequestTracing.register(config, settings.service(), settings.captureResponse(), prometheus.isPresent());
    }

    /** The layers around the repository: a trace subsegment per operation. */
    public PetRepository around(PetRepository repository) {
        return new TracedPetRepository(repository);
    }

    /** The layers of the app built by {@code PetsApp.create}. */
    public static Observability of(Javalin app) {
        return app.unsafe.appDataManager.get(KEY);
    }

    /** The layers around each Lambda invocation, in order: its context on every log line, cold starts, a trace. */
    public void invocation(Context context, Invocation invocation) throws IOException {
        var coldStart = logContext.open(context);
        if (coldStart) {
            metrics.coldStart(context.getFunctionName());
        }
        try {
            tracing.invocation(context, coldStart, invocation::run);
        } finally {
            logContext.close();
        }
    }

    /** Before a SnapStart snapshot: send the priming request's spans, so none wait in the snapshot. */
    public void beforeSnapshot() {
        Tracing.flush();
    }

    /** Before the process exits: send the spans still waiting, so the last requests' traces are not lost. */
    public void shutdown() {
        Tracing.shutdown();
    }

    /** After a SnapStart restore: a new span exporter, since the connection the snapshot held is gone. */
    public void afterRestore() {
        Tracing.afterRestore();
    }

    @FunctionalInterface
    public interface Invocation {
        void run() throws IOException;
    }
}
