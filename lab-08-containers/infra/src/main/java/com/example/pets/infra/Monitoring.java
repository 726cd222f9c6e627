package com.example.pets.infra;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What to look at and who gets woken up: one dashboard (requests, errors, latency, the function, the
 * application's own metrics; see DashboardWidgets) and three alarms that e-mail the address given at
 * deploy time. The free tier covers 3 dashboards and 10 alarm metrics (one per alarm here).
 */
public class Monitoring extends Construct {

    /**
     * @param function the function whose metrics to graph and alarm on (all versions together)
     * @param stage the API stage whose metrics to graph and alarm on
     * @param customMetrics the application's metrics, as listed in custom-metrics.csv
     * @param alertEmail receives the alarm e-mails once the SNS subscription is confirmed
     */
    public record Props(IFunction function, Stage stage, List<CustomMetric> customMetrics, String alertEmail) {

        public Props {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(alertEmail, "alertEmail");
            customMetrics = List.copyOf(customMetrics);
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IFunction function;
            private Stage stage;
            private List<CustomMetric> customMetrics = List.of();
            private String alertEmail;

            public Builder function(IFunction function) {
                this.function = function;
                return this;
            }

            public Builder stage(Stage stage) {
                this.stage = stage;
                return this;
            }

            public Builder customMetrics(List<CustomMetric> customMetrics) {
                this.customMetrics = customMetrics;
                return this;
            }

            public Builder alertEmail(String alertEmail) {
                this.alertEmail = alertEmail;
                return this;
            }

            public Props build() {
                return new Props(function, stage, customMetrics, alertEmail);
            }
        }
    }

    /** Alarm when more than 5% of the requests in five minutes end in a 5xx. */
    static final double SERVER_ERROR_RATE_THRESHOLD = 0.05;

    private static final Duration ALARM_PERIOD = Duration.minutes(5);

    /** Each alarm's name after the stack name: what the e-mail subject shows and the topic policy names. */
    static final List<String> ALARM_NAMES = List.of("ServerErrorRate", "Throttles", "Errors");

    private final Topic topic;
    private final List<Alarm> alarms;
    private final Dashboard dashboard;

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);

        // SNS has no free-tier-friendly encryption for alarm topics: CloudWatch cannot publish to a topic
        // encrypted with the AWS managed key, and a customer managed key costs a monthly fee.
        topic = Topic.Builder.create(this, "Alerts")
                .displayName("Pets API alerts")
                .enforceSsl(true)
                .build();
        topic.addSubscription(new EmailSubscription(props.alertEmail()));

        alarms = List.of(
                serverErrorRateAlarm(props.stage()), throttlesAlarm(props.function()), errorsAlarm(props.function()));

        // A topic policy replaces the default one that SNS gives a topic, and enforceSsl writes a policy that holds
        // only the Deny of plain HTTP: without an Allow, CloudWatch may not publish and each alarm's history
        // reads "... is not authorized to perform: SNS:Publish". This Allow names the service, this account and
        // these three alarms (their names are fixed, so the ARNs are known before the alarms exist).
        // https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
        // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowThisStacksAlarmsToPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnEquals",
                        Map.of(
                                "aws:SourceArn",
                                ALARM_NAMES.stream().map(Monitoring::alarmArn).toList())))
                .build());
        var topicPolicy = topic.getNode().findChild("Policy");

        var action = new SnsAction(topic);
        for (var alarm : alarms) {
            alarm.addAlarmAction(action);
            alarm.addOkAction(action);
            // The policy first: an alarm created before it could not report its first state change.
            alarm.getNode().addDependency(topicPolicy);
        }

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(Aws.STACK_NAME)
                .defaultInterval(Duration.hours(3))
                .widgets(List.of(
                        List.of(DashboardWidgets.intro()),
                        DashboardWidgets.apiRow(props.stage()),
                        DashboardWidgets.functionRow(props.function()),
                        DashboardWidgets.customMetricsRow(props.customMetrics(), props.function()),
                        List.of(AlarmStatusWidget.Builder.create()
                                .title("Alarms")
                                .alarms(alarms)
                                .width(24)
                                .height(3)
                                .build())))
                .build();
    }

    public ITopic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return alarms;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    private Alarm serverErrorRateAlarm(Stage stage) {
        // The Average of 5XXError is the share of requests that failed, so the threshold is a rate.
        return stage.metricServerError(options(Stats.AVERAGE, ALARM_PERIOD))
                .createAlarm(
                        this,
                        "ServerErrorRate",
                        CreateAlarmOptions.builder()
                                .alarmName(alarmName("ServerErrorRate"))
                                .alarmDescription("More than 5% of Pets API requests answered with a 5xx in 5 minutes.")
                                .threshold(SERVER_ERROR_RATE_THRESHOLD)
                                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                                .evaluationPeriods(1)
                                // No requests, no data: that is not an outage.
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build());
    }

    private Alarm throttlesAlarm(IFunction function) {
        // Throttles mean the account's concurrency (or the function's reservation, if one was set) is used up:
        // requests are being turned away.
        return function.metricThrottles(options(Stats.SUM, ALARM_PERIOD))
                .createAlarm(
                        this,
                        "Throttles",
                        CreateAlarmOptions.builder()
                                .alarmName(alarmName("Throttles"))
                                .alarmDescription("The Pets API function was throttled in the last 5 minutes.")
                                .threshold(1)
                                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                                .evaluationPeriods(1)
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build());
    }

    private Alarm errorsAlarm(IFunction function) {
        // Javalin turns exceptions into 500 responses, so Lambda only counts an error when the function
        // itself fails: a crash during init or restore, a timeout, running out of memory.
        return function.metricErrors(options(Stats.SUM, ALARM_PERIOD))
                .createAlarm(
                        this,
                        "Errors",
                        CreateAlarmOptions.builder()
                                .alarmName(alarmName("Errors"))
                                .alarmDescription("The Pets API function failed (init, timeout or crash) in the last 5"
                                        + " minutes.")
                                .threshold(1)
                                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                                .evaluationPeriods(1)
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build());
    }

    /** {@code PetsApi-ServerErrorRate}: alarm names are unique per account and region, hence the stack name. */
    static String alarmName(String name) {
        return Aws.STACK_NAME + "-" + name;
    }

    static String alarmArn(String name) {
        return "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:"
                + alarmName(name);
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }
}
