package com.example.pets.infra;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * Everything the Pets API needs in one stack, so that {@code cdk destroy} removes all of it: table,
 * function, REST API, monitoring, the cost kill switch and saved log queries. The budget and API Gateway's
 * logging role belong to the account and live in {@link AccountStack}, deployed before this one.
 */
public class PetsStack extends Stack {

    /**
     * @param config the deploy-time choices (alert e-mail, owner, concurrency, detailed metrics)
     * @param functionCode the Lambda artifact; tests pass a placeholder so they do not need a build
     * @param customMetrics the application's metrics from custom-metrics.csv, graphed on the dashboard
     */
    public record Props(DeployConfig config, Code functionCode, List<CustomMetric> customMetrics) {

        public Props {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(functionCode, "functionCode");
            customMetrics = List.copyOf(customMetrics);
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private DeployConfig config;
            private Code functionCode;
            private List<CustomMetric> customMetrics = List.of();

            public Builder config(DeployConfig config) {
                this.config = config;
                return this;
            }

            public Builder functionCode(Code functionCode) {
                this.functionCode = functionCode;
                return this;
            }

            public Builder customMetrics(List<CustomMetric> customMetrics) {
                this.customMetrics = customMetrics;
                return this;
            }

            public Props build() {
                return new Props(config, functionCode, customMetrics);
            }
        }
    }

    static final String COURSE = "observable-serverless-java";
    static final String LAB = "lab-08-containers";

    private final PetsTable table;
    private final String owner;
    private final PetsFunction function;
    private final PetsRestApi api;
    private final Monitoring monitoring;
    private final CostKillSwitch costKillSwitch;

    public PetsStack(Construct scope, String id, Props props) {
        super(
                scope,
                id,
                StackProps.builder()
                        .description("Pets API: Lambda (SnapStart), API Gateway REST API, DynamoDB and monitoring ("
                                + COURSE + ", " + LAB + ")")
                        .build());
        var config = props.config();

        // Tags on every resource that supports them: Cost Explorer can group the bill by course, lab and
        // owner once these are activated as cost allocation tags.
        Tags.of(this).add("course", COURSE);
        Tags.of(this).add("lab", LAB);
        Tags.of(this).add("owner", config.owner());

        owner = config.owner();
        table = new PetsTable(this, "Data", PetsTable.Props.builder().build());

        function = new PetsFunction(
                this,
                "Compute",
                PetsFunction.Props.builder()
                        .code(props.functionCode())
                        .table(table.table())
                        .reservedConcurrency(
                                config.reservedConcurrency().isPresent()
                                        ? config.reservedConcurrency().getAsInt()
                                        : null)
                        .build());

        api = new PetsRestApi(
                this,
                "Api",
                PetsRestApi.Props.builder()
                        .handler(function.alias())
                        .detailedMetrics(config.detailedMetrics())
                        .build());

        monitoring = new Monitoring(
                this,
                "Monitoring",
                Monitoring.Props.builder()
                        .function(function.function())
                        .stage(api.stage())
                        .customMetrics(props.customMetrics())
                        .alertEmail(config.alertEmail())
                        .build());

        // On unless -c costKillSwitch=off: stops the API past the day's requests or the month's budget.
        costKillSwitch = config.costKillSwitch()
                ? new CostKillSwitch(
                        this,
                        "CostKillSwitch",
                        CostKillSwitch.Props.builder()
                                .stage(api.stage())
                                .alertTopic(monitoring.topic())
                                .alertEmail(config.alertEmail())
                                .dailyRequestLimit(config.dailyRequestLimit())
                                .monthlyBudgetUsd(config.monthlyBudgetUsd())
                                .tags(List.of(
                                        new CostGuard.Tag("course", COURSE),
                                        new CostGuard.Tag("lab", LAB),
                                        new CostGuard.Tag("owner", config.owner())))
                                .build())
                : null;

        new SavedQueries(this, "Queries", function.logGroup());

        output("ApiUrl", "Base URL of the prod stage", api.url());
        output("DocsUrl", "Swagger UI of the Pets API", api.url() + "docs");
        output(
                "DashboardUrl",
                "CloudWatch dashboard",
                "https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                        + "#dashboards/dashboard/" + monitoring.dashboard().getDashboardName());
        output(
                "FunctionLogGroup",
                "Function logs: aws logs tail <name> --follow",
                function.logGroup().getLogGroupName());
        // The deployment workflow reads these two to roll back: it points the function's live alias back at the
        // version that served before, when the smoke test fails on the new one.
        output(
                "FunctionName",
                "The function whose live alias the API invokes",
                function.function().getFunctionName());
        output(
                "LiveVersion",
                "The function version the live alias points at after this deployment",
                function.liveVersion().getVersion());
    }

    public PetsFunction function() {
        return function;
    }

    public PetsTable table() {
        return table;
    }

    /** The {@code owner} tag's value, for the stacks that use this one's resources. */
    public String owner() {
        return owner;
    }

    public PetsRestApi api() {
        return api;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /** Empty when deployed with {@code -c costKillSwitch=off}. */
    public Optional<CostKillSwitch> costKillSwitch() {
        return Optional.ofNullable(costKillSwitch);
    }

    private void output(String id, String description, String value) {
        CfnOutput.Builder.create(this, id).description(description).value(value).build();
    }
}
