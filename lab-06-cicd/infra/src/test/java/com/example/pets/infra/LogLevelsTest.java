package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The log levels a deployment may choose: never one at which Lambda would drop the EMF metrics. */
class LogLevelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"WARN", "ERROR", "FATAL", "warn"})
    void a_function_log_level_above_info_is_refused_because_the_metrics_would_disappear(String level) {
        assertThatThrownBy(() -> config(Map.of("logLevel", level)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logLevel=" + level.toUpperCase() + " would make Lambda drop every metric")
                .hasMessageContaining("EMF documents are INFO lines")
                .hasMessageContaining("-c appLogLevel=" + level.toUpperCase() + " instead");
    }

    @Test
    void the_refusal_says_why_and_what_to_do_instead() {
        // lab-03's README shows this message line for line.
        assertThatThrownBy(() -> config(Map.of("logLevel", "WARN"))).hasMessage("""
                        Cannot build the stack:
                          - logLevel=WARN would make Lambda drop every metric: the EMF documents are INFO lines on stdout, and Lambda sends no line below the function's application log level to CloudWatch Logs, where the metrics are extracted. The PetsApi dashboard graphs would get no data, and nothing would say why. Keep logLevel at INFO and write fewer lines with -c appLogLevel=WARN instead: the app then writes only its WARN lines (and above), and the metrics keep flowing.""");
    }

    @Test
    void cdk_synth_stops_with_the_reason_instead_of_deploying_a_function_without_metrics() {
        var app = App.Builder.create()
                .analyticsReporting(false)
                .context(Map.of("alertEmail", "alerts@example.com", "logLevel", "WARN"))
                .build();
        var stack = CdkApp.assemble(app, Path.of("target", "no-function.jar"), CdkApp.CUSTOM_METRICS_CSV);

        Annotations.fromStack(stack)
                .hasError(
                        "*",
                        Match.stringLikeRegexp("[\\s\\S]*logLevel=WARN would make Lambda drop every metric[\\s\\S]*"));
    }

    @Test
    void an_unknown_level_is_refused() {
        assertThatThrownBy(() -> config(Map.of("logLevel", "VERBOSE", "appLogLevel", "QUIET")))
                .hasMessageContaining("logLevel must be TRACE, DEBUG or INFO, was VERBOSE")
                .hasMessageContaining("appLogLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, was QUIET");
    }

    @Test
    void by_default_the_function_and_the_app_log_at_info() {
        assertThat(levelsOf(synthesize(Map.of()))).isEqualTo(Map.of("function", "INFO", "app", "INFO"));
    }

    @Test
    void debug_on_the_function_is_debug_in_the_app_too() {
        assertThat(levelsOf(synthesize(Map.of("logLevel", "debug"))))
                .isEqualTo(Map.of("function", "DEBUG", "app", "DEBUG"));
    }

    @Test
    void a_quieter_app_keeps_the_function_at_info_so_the_metrics_survive() {
        assertThat(levelsOf(synthesize(Map.of("appLogLevel", "WARN"))))
                .isEqualTo(Map.of("function", "INFO", "app", "WARN"));
    }

    private static DeployConfig config(Map<String, Object> levels) {
        var context = new HashMap<String, Object>(levels);
        context.put("alertEmail", "alerts@example.com");
        return DeployConfig.fromContext(context::get);
    }

    /** The stack as {@code cdk deploy -c alertEmail=... -c logLevel=...} would build it. */
    private static Template synthesize(Map<String, Object> levels) {
        var context = new HashMap<String, Object>(levels);
        context.put("alertEmail", "alerts@example.com");
        var app =
                App.Builder.create().analyticsReporting(false).context(context).build();
        var config = DeployConfig.fromContext(key -> app.getNode().tryGetContext(key));
        return Template.fromStack(
                CdkApp.define(app, config, SynthesizedStack.placeholderCode(), SynthesizedStack.customMetrics()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> levelsOf(Template template) {
        var functions = template.findResources(
                "AWS::Lambda::Function",
                Map.of("Properties", Match.objectLike(Map.of("Handler", PetsApiFacts.HANDLER))));
        assertThat(functions).hasSize(1);
        var properties = (Map<String, Object>)
                ((Map<String, Object>) functions.values().iterator().next()).get("Properties");
        var logging = (Map<String, Object>) properties.get("LoggingConfig");
        var variables = (Map<String, Object>) ((Map<String, Object>) properties.get("Environment")).get("Variables");
        return Map.of(
                "function", (String) logging.get("ApplicationLogLevel"),
                "app", (String) variables.get("POWERTOOLS_LOG_LEVEL"));
    }
}
