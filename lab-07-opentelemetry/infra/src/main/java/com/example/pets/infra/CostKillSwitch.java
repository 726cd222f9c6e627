package com.example.pets.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;

/**
 * Stops the API when it costs too much. The stage throttling (rate 2, burst 10) applies to each of the API's two
 * methods ({@code ANY /} and {@code ANY /{proxy+}}), so it still lets through 4 requests a second, about 10 million a
 * month, some 36 USD of REST API calls: it slows a runaway client down but caps nothing.
 * A budget only e-mails, and its forecast alert stays silent on a new account, which has no forecast yet. So two
 * things here publish to a topic of their own, and whatever arrives there stops the API:
 *
 * <ul>
 *   <li>the alarm {@code PetsApi-DailyRequests}: more than {@code dailyRequestLimit} requests in the last 24 hours
 *       (the stage's {@code Count}, one period of a day, evaluated on a sliding window);
 *   <li>a monthly cost budget of its own, at 100% of the actual spend (the account's {@link CostGuard} budget
 *       cannot take the notification: CloudFormation replaces a budget whose notifications change, and a budget
 *       with a fixed name cannot be replaced).
 * </ul>
 *
 * <p>The topic invokes a small Node.js function ({@code src/main/resources/kill-switch/index.mjs}) that sets the
 * stage's throttling to 0 (rate and burst): API Gateway then answers 429 without calling the function. It does
 * not set the function's reserved concurrency to 0 instead: API Gateway bills a request that reaches its
 * integration even when Lambda throttles it, and new accounts whose Lambda concurrency quota is 10 cannot reserve
 * concurrency. The function logs what it did and e-mails the alert topic with the commands that switch the API
 * back on. Its role may PATCH this one stage, publish to the alert topic and write its own log group, nothing else.
 */
public class CostKillSwitch extends Construct {

    /**
     * @param stage the stage to stop, and whose {@code Count} to watch
     * @param alertTopic where the function (and the alarm) e-mail the learner
     * @param alertEmail also receives the budget's own notification, in case the function fails
     * @param dailyRequestLimit the most requests in 24 hours before the API stops
     * @param monthlyBudgetUsd the actual monthly spend, in US dollars, at which the API stops
     * @param tags the budget's tags (a budget takes tags as a property, not from the stack)
     * @param logRetention how long CloudWatch keeps the function's logs
     */
    public record Props(
            Stage stage,
            ITopic alertTopic,
            String alertEmail,
            int dailyRequestLimit,
            double monthlyBudgetUsd,
            List<CostGuard.Tag> tags,
            RetentionDays logRetention) {

        public Props {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(alertTopic, "alertTopic");
            Objects.requireNonNull(alertEmail, "alertEmail");
            Objects.requireNonNull(logRetention, "logRetention");
            tags = List.copyOf(tags);
            if (dailyRequestLimit < 1) {
                throw new IllegalArgumentException("dailyRequestLimit must be positive, was " + dailyRequestLimit);
            }
            if (monthlyBudgetUsd <= 0) {
                throw new IllegalArgumentException("monthlyBudgetUsd must be positive, was " + monthlyBudgetUsd);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Stage stage;
            private ITopic alertTopic;
            private String alertEmail;
            private int dailyRequestLimit = DeployConfig.DEFAULT_DAILY_REQUEST_LIMIT;
            private double monthlyBudgetUsd = DeployConfig.DEFAULT_MONTHLY_BUDGET_USD;
            private List<CostGuard.Tag> tags = List.of();
            private RetentionDays logRetention = RetentionDays.TWO_WEEKS;

            public Builder stage(Stage stage) {
                this.stage = stage;
                return this;
            }

            public Builder alertTopic(ITopic alertTopic) {
                this.alertTopic = alertTopic;
                return this;
            }

            public Builder alertEmail(String alertEmail) {
                this.alertEmail = alertEmail;
                return this;
            }

            public Builder dailyRequestLimit(int dailyRequestLimit) {
                this.dailyRequestLimit = dailyRequestLimit;
                return this;
            }

            public Builder monthlyBudgetUsd(double monthlyBudgetUsd) {
                this.monthlyBudgetUsd = monthlyBudgetUsd;
                return this;
            }

            public Builder tags(List<CostGuard.Tag> tags) {
                this.tags = tags;
                return this;
            }

            public Builder logRetention(RetentionDays logRetention) {
                this.logRetention = logRetention;
                return this;
            }

            public Props build() {
                return new Props(
                        stage, alertTopic, alertEmail, dailyRequestLimit, monthlyBudgetUsd, tags, logRetention);
            }
        }
    }

    /** The function's source, relative to the infra folder (where cdk and the tests run). */
    static final Path SOURCE = Path.of("src", "main", "resources", "kill-switch");

    /** The alarm's name after the stack name, as {@link Monitoring} names its alarms. */
    static final String ALARM = "DailyRequests";

    /** The budget's name after the stack name and region: {@code PetsApi-eu-west-1-kill-switch}. */
    static final String BUDGET = "kill-switch";

    private final Topic trigger;
    private final Alarm alarm;
    private final CfnBudget budget;
    private final Function function;

    public CostKillSwitch(Construct scope, String id, Props props) {
        super(scope, id);

        // Whatever CloudWatch or AWS Budgets publish here stops the API. SNS topic policies replace the default
        // policy, so each publisher gets its own Allow next to the TLS Deny that enforceSsl writes.
        trigger = Topic.Builder.create(this, "Trigger")
                .displayName("Pets API cost kill switch")
                .enforceSsl(true)
                .build();
        trigger.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowTheDailyRequestsAlarmToPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(trigger.getTopicArn()))
                .conditions(alarmConditions())
                .build());
        // https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html
        trigger.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowThisAccountsBudgetsToPublish")
                .principals(List.of(new ServicePrincipal("budgets.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(trigger.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnLike",
                        Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":budgets::" + Aws.ACCOUNT_ID + ":*")))
                .build());
        // The alarm also e-mails through the alert topic directly: if the function ever fails, the learner still
        // hears that the day's requests passed the limit.
        props.alertTopic()
                .addToResourcePolicy(PolicyStatement.Builder.create()
                        .sid("AllowTheDailyRequestsAlarmToEmail")
                        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                        .actions(List.of("sns:Publish"))
                        .resources(List.of(props.alertTopic().getTopicArn()))
                        .conditions(alarmConditions())
                        .build());

        alarm = props.stage()
                .metricCount(MetricOptions.builder()
                        .statistic(Stats.SUM)
                        .period(Duration.days(1))
                        .build())
                .createAlarm(
                        this,
                        "DailyRequests",
                        CreateAlarmOptions.builder()
                                .alarmName(Monitoring.alarmName(ALARM))
                                .alarmDescription("More than " + props.dailyRequestLimit()
                                        + " Pets API requests in 24 hours: the cost kill switch stops the API.")
                                .threshold(props.dailyRequestLimit())
                                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                                .evaluationPeriods(1)
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build());
        // No OK action: the API stays stopped until someone switches it back on.
        alarm.addAlarmAction(new SnsAction(trigger));
        alarm.addAlarmAction(new SnsAction(props.alertTopic()));
        alarm.getNode().addDependency(trigger.getNode().findChild("Policy"));
        alarm.getNode().addDependency(props.alertTopic().getNode().findChild("Policy"));

        var subscribers = new ArrayList<CfnBudget.SubscriberProperty>();
        subscribers.add(subscriber("SNS", trigger.getTopicArn()));
        subscribers.add(subscriber("EMAIL", props.alertEmail()));
        budget = CfnBudget.Builder.create(this, "MonthlyBudget")
                .budget(CostGuard.monthlyCost(BUDGET, props.monthlyBudgetUsd(), props.alertEmail()))
                .resourceTags(CostGuard.resourceTags(props.tags()))
                .notificationsWithSubscribers(List.of(CfnBudget.NotificationWithSubscribersProperty.builder()
                        .notification(CfnBudget.NotificationProperty.builder()
                                .notificationType("ACTUAL")
                                .comparisonOperator("GREATER_THAN")
                                .threshold(100)
                                .thresholdType("PERCENTAGE")
                                .build())
                        .subscribers(subscribers)
                        .build()))
                .build();
        // AWS Budgets checks that it may publish when the notification is created.
        budget.getNode().addDependency(trigger.getNode().findChild("Policy"));

        function = switchFunction(props);
        trigger.addSubscription(new LambdaSubscription(function));
    }

    public ITopic trigger() {
        return trigger;
    }

    public Alarm alarm() {
        return alarm;
    }

    public CfnBudget budget() {
        return budget;
    }

    public IFunction function() {
        return function;
    }

    private Function switchFunction(Props props) {
        var logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // Inline policies, each naming its one resource: what the function may do reads in one place.
        var role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Pets API cost kill switch: throttle the prod stage to 0, e-mail the alert topic")
                .inlinePolicies(Map.of(
                        "StopTheApi",
                        document(statement(
                                List.of("apigateway:PATCH"), props.stage().getStageArn())),
                        "EmailTheOwner",
                        document(statement(
                                List.of("sns:Publish"), props.alertTopic().getTopicArn())),
                        "WriteItsLogs",
                        document(statement(
                                List.of("logs:CreateLogStream", "logs:PutLogEvents"), logGroup.getLogGroupArn()))))
                .build();

        return Function.Builder.create(this, "Function")
                .description("Pets API cost kill switch: sets the prod stage's throttling to 0")
                // The newest Node.js runtime (the AwsSolutions-L1 check wants the newest); it ships the AWS SDK
                // for JavaScript v3, so the asset is one file.
                .runtime(Runtime.NODEJS_24_X)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromAsset(SOURCE.toString()))
                .memorySize(128)
                .timeout(Duration.seconds(30))
                .role(role)
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(logGroup)
                .environment(Map.of(
                        "REST_API_ID",
                        props.stage().getRestApi().getRestApiId(),
                        "STAGE_NAME",
                        props.stage().getStageName(),
                        "ALERT_TOPIC_ARN",
                        props.alertTopic().getTopicArn(),
                        "RATE_LIMIT",
                        String.valueOf(PetsApiFacts.THROTTLING_RATE_LIMIT),
                        "BURST_LIMIT",
                        String.valueOf(PetsApiFacts.THROTTLING_BURST_LIMIT),
                        "ALARM_NAME",
                        Monitoring.alarmName(ALARM)))
                .build();
    }

    /** CloudWatch may publish for this account's DailyRequests alarm only. */
    private static Map<String, Object> alarmConditions() {
        return Map.of(
                "StringEquals",
                Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                "ArnEquals",
                Map.of("aws:SourceArn", List.of(Monitoring.alarmArn(ALARM))));
    }

    private static PolicyDocument document(PolicyStatement statement) {
        return PolicyDocument.Builder.create().statements(List.of(statement)).build();
    }

    private static PolicyStatement statement(List<String> actions, String resource) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(resource))
                .build();
    }

    private static CfnBudget.SubscriberProperty subscriber(String type, String address) {
        return CfnBudget.SubscriberProperty.builder()
                .subscriptionType(type)
                .address(address)
                .build();
    }
}
