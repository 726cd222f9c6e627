package com.example.pets.infra;

import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.assertions.Template;

/**
 * The container stack as {@code cdk deploy PetsApiContainer -c imageDigest=sha256:...} would build it (every other
 * setting at its default), next to the API stack it uses, synthesized once for the whole test run.
 */
final class SynthesizedContainer {

    static final String DIGEST = "sha256:" + "ab".repeat(32);

    static final ContainerConfig CONFIG = new ContainerConfig(
            true, true, Optional.of(DIGEST), Optional.of(ContainerConfig.DEFAULT_SCALE_TO_ZERO_AT), "UTC");

    private static ContainerStack stack;
    private static Template template;
    private static Template apiTemplate;

    private SynthesizedContainer() {}

    static synchronized ContainerStack stack() {
        if (stack == null) {
            var app = SynthesizedStack.newApp();
            var api = CdkApp.define(
                    app, SynthesizedStack.CONFIG, SynthesizedStack.placeholderCode(), SynthesizedStack.customMetrics());
            stack = CdkApp.defineContainer(app, api, CONFIG);
            apiTemplate = Template.fromStack(api);
        }
        return stack;
    }

    static synchronized Template template() {
        if (template == null) {
            template = Template.fromStack(stack());
        }
        return template;
    }

    /** The API stack of the same app: it exports the table and topic the container stack uses. */
    static synchronized Template apiTemplate() {
        stack();
        return apiTemplate;
    }

    static Map<String, Map<String, Object>> resources(String type) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> found =
                (Map<String, Map<String, Object>>) (Map<?, ?>) template().findResources(type);
        return found;
    }
}
