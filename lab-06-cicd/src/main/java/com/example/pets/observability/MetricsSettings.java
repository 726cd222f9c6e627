package com.example.pets.observability;

import java.util.Map;

/**
 * Where metrics go and what they are tagged with, from the environment (the Powertools variable names):
 * {@code POWERTOOLS_METRICS_NAMESPACE} (PetsApi), {@code POWERTOOLS_SERVICE_NAME} (pets-api) and {@code
 * ENVIRONMENT} (local), the default {@code environment} dimension.
 */
public record MetricsSettings(String namespace, String service, String environment) {

    public static MetricsSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static MetricsSettings from(Map<String, String> env) {
        return new MetricsSettings(
                env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "PetsApi"),
                env.getOrDefault("POWERTOOLS_SERVICE_NAME", "pets-api"),
                env.getOrDefault("ENVIRONMENT", "local"));
    }
}
