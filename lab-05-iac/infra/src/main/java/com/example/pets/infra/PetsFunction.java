package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The Pets API on Lambda, and the {@code live} alias that API Gateway calls.
 *
 * <p>SnapStart only applies to published versions: a function invoked as {@code $LATEST} runs its whole init
 * at every cold start. The alias points at the version CDK publishes whenever the code or configuration changes,
 * so every deploy takes a new snapshot (after the application's CRaC priming hook ran) and the API
 * always invokes a snapshotted version.
 */
public class PetsFunction extends Construct {

    /**
     * @param code the application artifact; a prop so that tests can synthesize without building it
     * @param table the table the function reads and writes
     * @param reservedConcurrency maximum concurrent executions, or {@code null} for none reserved
     * @param logRetention how long CloudWatch keeps the function's logs
     */
    public record Props(Code code, ITable table, Integer reservedConcurrency, RetentionDays logRetention) {

        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(logRetention, "logRetention");
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Code code;
            private ITable table;
            private Integer reservedConcurrency;
            private RetentionDays logRetention = RetentionDays.TWO_WEEKS;

            public Builder code(Code code) {
                this.code = code;
                return this;
            }

            public Builder table(ITable table) {
                this.table = table;
                return this;
            }

            public Builder reservedConcurrency(Integer reservedConcurrency) {
                this.reservedConcurrency = reservedConcurrency;
                return this;
            }

            public Builder logRetention(RetentionDays logRetention) {
                this.logRetention = logRetention;
                return this;
            }

            public Props build() {
                return new Props(code, table, reservedConcurrency, logRetention);
            }
        }
    }

    static final String ALIAS_NAME = "live";

    private final LogGroup logGroup;
    private final Function function;
    private final Alias alias;

    public PetsFunction(Construct scope, String id, Props props) {
        super(scope, id);

        // An explicit log group: its retention and deletion belong to the stack. The group Lambda would
        // create on first invocation keeps its logs forever and survives `cdk destroy`.
        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // A role of our own instead of AWSLambdaBasicExecutionRole, which may write to any log group.
        var role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Pets API function: its own log group, X-Ray and the pets table")
                .build();
        logGroup.grantWrite(role);

        function = Function.Builder.create(this, "Function")
                .description("Pets API (Javalin on Lambda)")
                // java25 is the newest Java runtime (the AwsSolutions-L1 check wants the newest); the code is
                // compiled for Java 21, which java25 runs unchanged.
                .runtime(Runtime.JAVA_25)
                // Graviton: about 20% cheaper per GB-second. The artifact is pure Java, no native libraries.
                .architecture(Architecture.ARM_64)
                .handler(PetsApiFacts.HANDLER)
                .code(props.code())
                // Lambda gives CPU in proportion to memory; below 1 GB a JVM spends long in JIT and GC.
                .memorySize(1024)
                // API Gateway gives up after 29 seconds anyway.
                .timeout(Duration.seconds(15))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .role(role)
                // The application writes one JSON object per line. With the JSON format Lambda filters those by
                // their `level` key and writes its own platform records (start, report) as JSON as well, so one
                // Logs Insights query reads both.
                .loggingFormat(LoggingFormat.JSON)
                // INFO unless -c logLevel says otherwise; never above INFO, where Lambda would drop the EMF metrics.
                .applicationLogLevelV2(LogLevels.functionLevel(this))
                .systemLogLevelV2(SystemLogLevel.INFO)
                .logGroup(logGroup)
                .reservedConcurrentExecutions(props.reservedConcurrency())
                .environment(Map.of(
                        "TABLE_NAME",
                        props.table().getTableName(),
                        "POWERTOOLS_SERVICE_NAME",
                        PetsApiFacts.SERVICE_NAME,
                        "POWERTOOLS_LOG_LEVEL",
                        LogLevels.appLevel(this),
                        "POWERTOOLS_METRICS_NAMESPACE",
                        PetsApiFacts.METRICS_NAMESPACE,
                        "ENVIRONMENT",
                        PetsApiFacts.ENVIRONMENT,
                        "POWERTOOLS_TRACER_CAPTURE_RESPONSE",
                        "false",
                        // Tells the EMF library to write metrics to stdout instead of looking for where it runs.
                        "AWS_EMF_ENVIRONMENT",
                        "Lambda"))
                .build();

        // Reads and writes on this one table, each action named: no wildcards, no other tables. A hand-picked
        // list (GetItem, PutItem, UpdateItem, DeleteItem, Scan) would be tighter still, but would fail with
        // AccessDenied at run time the day the repository makes another call.
        props.table().grantReadWriteData(function);

        alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        // CDK warns that SnapStart needs published versions because it cannot see the alias above.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "The live alias publishes a version whenever the function changes.");

        NagSuppressions.addResourceSuppressions(
                role,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .appliesTo(List.of("Resource::*"))
                        .reason("xray:PutTraceSegments and xray:PutTelemetryRecords, added for active tracing,"
                                + " do not support resource-level permissions.")
                        .build()),
                true);
    }

    public IFunction function() {
        return function;
    }

    /** What API Gateway invokes: the latest published, snapshotted version. */
    public IFunction alias() {
        return alias;
    }

    public ILogGroup logGroup() {
        return logGroup;
    }
}
