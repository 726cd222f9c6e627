package com.example.pets.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.example.pets.PetsApp;
import com.example.pets.support.FunctionRun;
import com.example.pets.support.LambdaJsonLogFormat;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What Lambda makes of every line the function writes, once the function uses Lambda's JSON log format (the lab-05
 * stack does), following https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html: a line
 * that is not a JSON object with a {@code level} and an RFC 3339 {@code timestamp} is INFO, whatever it says, and lines
 * below the function's application log level never reach CloudWatch Logs. The run is a
 * {@link FunctionRun}, SnapStart's priming request included.
 *
 * <p>The EMF documents are INFO lines: under WARN or ERROR Lambda drops them and CloudWatch never extracts the
 * metrics. That is why the lab-05 stack refuses an application log level above INFO, and why the app has a level of
 * its own ({@code POWERTOOLS_LOG_LEVEL}) that quietens its logs without touching the metrics.
 */
class LambdaLogLevelsTest {

    /** Each kind of line, told apart the way a Logs Insights query would, and the level Lambda should give it. */
    private static final Map<String, Predicate<String>> KINDS = new LinkedHashMap<>();

    private static final Map<String, String> LEVELS = new LinkedHashMap<>();

    static {
        kind("start-up", line -> line.contains("Pets API ready for Lambda invocations"), "INFO");
        kind("SnapStart priming", line -> line.contains("Primed for SnapStart"), "INFO");
        kind("access", line -> line.contains("Request handled"), "INFO");
        kind("EMF document", line -> line.contains("\"_aws\""), "INFO");
        kind("error", line -> line.contains("\"level\":\"ERROR\""), "ERROR");
    }

    @Test
    void every_line_the_function_writes_satisfies_lambdas_json_log_format() throws IOException {
        // Libraries' lines take the same way as the app's (SLF4J, then logback.xml): the AWS SDK's are checked too.
        var sdk = (Logger) LoggerFactory.getLogger("software.amazon.awssdk");
        var xray = (Logger) LoggerFactory.getLogger("com.amazonaws.xray");
        sdk.setLevel(Level.DEBUG);
        xray.setLevel(Level.DEBUG);
        List<String> lines;
        try {
            lines = FunctionRun.linesOf(PetsApp::create);
        } finally {
            sdk.setLevel(null);
            xray.setLevel(null);
        }

        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(LambdaJsonLogFormat.problems(line)).as(line).isEmpty());
        // The check saw every kind of line, a library's among them, so it could have failed on each.
        assertThat(kindsIn(lines)).containsExactlyElementsOf(KINDS.keySet());
        // Only the SDK's loggers start so (logback.xml shortens them to s.a.*), and its signer stays quiet even then.
        assertThat(lines).anyMatch(line -> line.contains("\"logger\":\"s"));
        assertThat(lines).noneMatch(line -> line.contains("Canonical Request")); // with x-amz-security-token in it
    }

    @Test
    void lambda_keeps_every_kind_under_info_and_only_errors_under_warn_and_error() throws IOException {
        var lines = FunctionRun.linesOf(PetsApp::create);

        assertThat(levelsOf(lines)).isEqualTo(LEVELS);
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
            lines = FunctionRun.linesOf(PetsApp::create);
        } finally {
            System.clearProperty("AWS_LAMBDA_LOG_LEVEL");
            System.clearProperty("POWERTOOLS_LOG_LEVEL");
            reconfigureLogging();
        }

        assertThat(kindsIn(lines)).doesNotContain("access").contains("EMF document", "error");
        assertThat(survivingKinds(lines, "INFO")).contains("EMF document", "error");
    }

    private static void kind(String kind, Predicate<String> isKind, String level) {
        KINDS.put(kind, isKind);
        LEVELS.put(kind, level);
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
        new ContextInitializer(context).autoConfig();
    }
}
