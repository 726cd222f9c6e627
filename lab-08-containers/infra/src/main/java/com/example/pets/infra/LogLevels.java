package com.example.pets.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.constructs.Construct;

/**
 * The two log levels a deployment chooses, from CDK context ({@code cdk deploy -c logLevel=DEBUG}).
 *
 * <ul>
 *   <li>{@code logLevel}: the function's application log level (Lambda's advanced logging controls, JSON format).
 *       Lambda sends nothing below it to CloudWatch Logs, and gives a JSON line without a valid {@code level} the
 *       level INFO. TRACE, DEBUG or INFO (the default); WARN, ERROR and FATAL are refused, because the EMF metric
 *       documents are INFO lines on stdout: Lambda would drop them and CloudWatch would extract no metrics.
 *   <li>{@code appLogLevel}: the app's own level ({@code POWERTOOLS_LOG_LEVEL}), the way to write fewer lines. The app
 *       writes at the stricter of the two; its EMF documents do not go through its logger, so they keep flowing.
 *       TRACE, DEBUG, INFO, WARN or ERROR; defaults to {@code logLevel}.
 * </ul>
 *
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
 */
final class LogLevels {

    static final String FUNCTION_KEY = "logLevel";
    static final String APP_KEY = "appLogLevel";

    private static final List<String> FUNCTION_LEVELS = List.of("TRACE", "DEBUG", "INFO");
    private static final List<String> LEVELS_THAT_DROP_METRICS = List.of("WARN", "ERROR", "FATAL");
    private static final List<String> APP_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private LogLevels() {}

    /** What is wrong with the chosen levels, in words a learner can act on; empty when nothing is. */
    static List<String> problems(Function<String, Object> context) {
        var problems = new ArrayList<String>();
        var function = text(context, FUNCTION_KEY);
        if (function != null && LEVELS_THAT_DROP_METRICS.contains(function)) {
            problems.add(FUNCTION_KEY + "=" + function + " would make Lambda drop every metric: the EMF documents are"
                    + " INFO lines on stdout, and Lambda sends no line below the function's application log level to"
                    + " CloudWatch Logs, where the metrics are extracted. The PetsApi dashboard graphs would get no data,"
                    + " and nothing would say why. Keep " + FUNCTION_KEY + " at INFO and write"
                    + " fewer lines with -c " + APP_KEY + "=" + function + " instead: the app then writes only its "
                    + function + " lines (and above), and the metrics keep flowing.");
        } else if (function != null && !FUNCTION_LEVELS.contains(function)) {
            problems.add(FUNCTION_KEY + " must be TRACE, DEBUG or INFO, was " + function);
        }
        var app = text(context, APP_KEY);
        if (app != null && !APP_LEVELS.contains(app)) {
            problems.add(APP_KEY + " must be one of " + String.join(", ", APP_LEVELS) + ", was " + app);
        }
        return problems;
    }

    /**
     * The function's application log level. {@link DeployConfig} reports a refused value and stops the synth; until
     * then the stack is built with the default.
     */
    static ApplicationLogLevel functionLevel(Construct scope) {
        return ApplicationLogLevel.valueOf(functionLevel(key -> scope.getNode().tryGetContext(key)));
    }

    /** {@code POWERTOOLS_LOG_LEVEL}, the app's own level. */
    static String appLevel(Construct scope) {
        Function<String, Object> context = key -> scope.getNode().tryGetContext(key);
        var app = text(context, APP_KEY);
        return app != null && APP_LEVELS.contains(app) ? app : functionLevel(context);
    }

    private static String functionLevel(Function<String, Object> context) {
        var function = text(context, FUNCTION_KEY);
        return function != null && FUNCTION_LEVELS.contains(function) ? function : PetsApiFacts.LOG_LEVEL;
    }

    private static String text(Function<String, Object> context, String key) {
        var value = context.apply(key);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        return value.toString().strip().toUpperCase(Locale.ROOT);
    }
}
