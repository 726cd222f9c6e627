package com.example.pets.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.example.pets.support.LambdaJsonLogFormat;
import com.example.pets.support.StdoutCapture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Which level Lambda gives each kind of line the function writes, and which kinds reach CloudWatch Logs under each
 * application log level. The EMF documents are INFO lines: under WARN or ERROR Lambda drops them and CloudWatch never
 * extracts the metrics. That is why the lab-05 stack refuses an application log level above INFO, and why the app has
 * a level of its own ({@code POWERTOOLS_LOG_LEVEL}) that quietens its logs without touching the metrics.
 */
class LambdaLogLevelsTest {

    /** Each kind of line, told apart the way a Logs Insights query would. */
    private static final Map<String, Predicate<String>> KINDS = kinds();

    @Test
    void lambda_keeps_metrics_under_info_and_drops_them_under_warn_and_error() throws Exception {
        var lines = linesOfARun();

        assertThat(levelsOf(lines)).isEqualTo(expectedLevels());
        assertThat(survivingKinds(lines, "INFO")).containsExactlyElementsOf(KINDS.keySet());
        assertThat(survivingKinds(lines, "WARN")).containsExactly("error");
        assertThat(survivingKinds(lines, "ERROR")).containsExactly("error");
    }

    @Test
    void with_the_apps_own_level_at_warn_the_metrics_and_errors_still_reach_cloudwatch() throws Exception {
        // What Lambda sets from the function's application log level, and what the stack sets for the app itself.
        System.setProperty("AWS_LAMBDA_LOG_LEVEL", "INFO");
        System.setProperty("POWERTOOLS_LOG_LEVEL", "WARN");
        List<String> lines;
        try {
            reconfigureLogging();
            lines = linesOfARun();
        } finally {
            System.clearProperty("AWS_LAMBDA_LOG_LEVEL");
            System.clearProperty("POWERTOOLS_LOG_LEVEL");
            reconfigureLogging();
        }

        assertThat(kindsIn(lines)).doesNotContain("access").contains("EMF document", "error");
        assertThat(survivingKinds(lines, "INFO")).contains("EMF document", "error");
    }

    private static Map<String, Predicate<String>> kinds() {
        var kinds = new LinkedHashMap<String, Predicate<String>>();
        kinds.put("start-up", message("Pets API ready for Lambda invocations"));
        kinds.put("SnapStart priming", message("Primed for SnapStart"));
        kinds.put("access", message("Request handled"));
        kinds.put("EMF document", line -> line.contains("\"_aws\""));
        kinds.put("error", line -> line.contains("\"level\":\"ERROR\""));
        return kinds;
    }

    private static Map<String, String> expectedLevels() {
        var levels = new LinkedHashMap<String, String>();
        levels.put("start-up", "INFO");
        levels.put("SnapStart priming", "INFO");
        levels.put("access", "INFO");
        levels.put("EMF document", "INFO");
        levels.put("error", "ERROR");
        return levels;
    }

    private static Predicate<String> message(String message) {
        return line -> line.contains("\"message\":\"" + message + "\"");
    }

    private static List<String> linesOfARun() throws Exception {
        try (var console = StdoutCapture.withStderr()) {
            LambdaLogFormatTest.runTheFunction();
            return console.lines();
        }
    }

    /** The level Lambda assigns each kind; a kind whose lines got different levels shows them all. */
    private static Map<String, String> levelsOf(List<String> lines) {
        var levels = new LinkedHashMap<String, String>();
        KINDS.forEach((kind, isKind) -> levels.put(
                kind,
                String.join(
                        ",",
                        lines.stream()
                                .filter(isKind)
                                .map(LambdaJsonLogFormat::assignedLevel)
                                .distinct()
                                .toList())));
        return levels;
    }

    private static List<String> survivingKinds(List<String> lines, String applicationLogLevel) {
        return kindsIn(lines.stream()
                .filter(line -> LambdaJsonLogFormat.survives(line, applicationLogLevel))
                .toList());
    }

    private static List<String> kindsIn(List<String> lines) {
        return KINDS.entrySet().stream()
                .filter(kind -> lines.stream().anyMatch(kind.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static void reconfigureLogging() throws JoranException {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LambdaLogLevelsTest.class.getResource("/logback.xml"));
    }
}
