package com.example.pets.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The stack as {@code cdk deploy -c alertEmail=alerts@example.com -c owner=learner} would build it, every
 * other setting at its default, synthesized once for the whole test run: every synthesis starts Node (jsii)
 * and takes seconds.
 */
final class SynthesizedStack {

    static final DeployConfig CONFIG = DeployConfig.fromContext(
            Map.<String, Object>of("alertEmail", "alerts@example.com", "owner", "learner")::get);

    private static PetsStack stack;
    private static Template template;

    private SynthesizedStack() {}

    static synchronized PetsStack stack() {
        if (stack == null) {
            stack = synthesize(CONFIG);
        }
        return stack;
    }

    static synchronized Template template() {
        if (template == null) {
            template = Template.fromStack(stack());
        }
        return template;
    }

    static List<CustomMetric> customMetrics() {
        return CustomMetric.read(CdkApp.CUSTOM_METRICS_CSV);
    }

    static PetsStack synthesize(DeployConfig config) {
        return CdkApp.define(newApp(), config, placeholderCode(), customMetrics());
    }

    /**
     * An app with the feature flags of cdk.json. The CDK CLI reads them from there; an app built in a test
     * would not, and would synthesize another template than the one {@code cdk deploy} deploys.
     */
    static App newApp() {
        try {
            var context =
                    new ObjectMapper().readTree(Path.of("cdk.json").toFile()).path("context");
            var flags = new HashMap<String, Object>();
            context.properties().forEach(flag -> flags.put(flag.getKey(), value(flag.getValue())));
            return App.Builder.create().analyticsReporting(false).context(flags).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A flag's value as cdk.json holds it: most are booleans, a few are lists or strings. */
    private static Object value(JsonNode node) {
        if (node.isArray()) {
            var values = new ArrayList<String>();
            node.forEach(element -> values.add(element.asText()));
            return values;
        }
        return node.isBoolean() ? node.asBoolean() : node.asText();
    }

    /**
     * The tests check the infrastructure, not the application, so they must not depend on
     * {@code ../target/function.jar} having been built. Java runtimes reject inline code, so the
     * placeholder is an asset like the real jar: a directory with one small file. The template then has
     * the same shape as a real deployment (code in the bootstrap bucket, addressed by content hash).
     */
    static Code placeholderCode() {
        try {
            var directory = Files.createTempDirectory("pets-function-placeholder");
            Files.writeString(directory.resolve("README.txt"), "Stands in for function.jar in the infra tests.\n");
            directory.toFile().deleteOnExit();
            directory.resolve("README.txt").toFile().deleteOnExit();
            return Code.fromAsset(directory.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resources of one CloudFormation type, by logical id. */
    static Map<String, Map<String, Object>> resources(String type) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> found =
                (Map<String, Map<String, Object>>) (Map<?, ?>) template().findResources(type);
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }
}
