package com.example.pets.observability;

import com.example.pets.system.ServiceInfo;
import java.util.Map;

/**
 * The settings of every observability layer, read once, from the environment (the Powertools variable names):
 * {@code POWERTOOLS_SERVICE_NAME} (the name in {@code service.properties}, pets-api), {@code
 * POWERTOOLS_METRICS_NAMESPACE} (PetsApi), {@code ENVIRONMENT} (local), the {@code environment} dimension, and {@code
 * POWERTOOLS_TRACER_CAPTURE_RESPONSE=true}, which records response bodies as trace metadata (off by default: bodies
 * can hold personal data, and a segment document is limited to 64 KB).
 */
public record ObservabilitySettings(String service, String namespace, String environment, boolean captureResponse) {

    public static ObservabilitySettings fromEnvironment() {
        return from(System.getenv());
    }

    public static ObservabilitySettings from(Map<String, String> env) {
        return new ObservabilitySettings(
                env.getOrDefault("POWERTOOLS_SERVICE_NAME", ServiceInfo.load().service()),
                env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "PetsApi"),
                env.getOrDefault("ENVIRONMENT", "local"),
                Boolean.parseBoolean(env.getOrDefault("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false")));
    }
}
