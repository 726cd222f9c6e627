package com.example.pets.observability;

import java.util.Map;

/**
 * Tracing settings from the environment (the Powertools variable names): {@code POWERTOOLS_SERVICE_NAME} names the
 * segments, {@code POWERTOOLS_TRACER_CAPTURE_RESPONSE=true} records response bodies as trace metadata (off by
 * default: bodies can hold personal data, and a segment document is limited to 64 KB).
 */
public record TracingSettings(String service, boolean captureResponse) {

    public static TracingSettings fromEnvironment() {
        return from(System.getenv());
    }

    static TracingSettings from(Map<String, String> env) {
        return new TracingSettings(
                env.getOrDefault("POWERTOOLS_SERVICE_NAME", "pets-api"),
                Boolean.parseBoolean(env.getOrDefault("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false")));
    }
}
