package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.properties;
import static com.example.pets.infra.SynthesizedStack.resources;
import static com.example.pets.infra.SynthesizedStack.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class PetsStackTest {

    @Test
    void the_table_is_keyed_by_id_and_is_deleted_with_the_stack() {
        template().resourceCountIs("AWS::DynamoDB::Table", 1);
        template()
                .hasResourceProperties(
                        "AWS::DynamoDB::Table",
                        Map.of(
                                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                                "AttributeDefinitions", List.of(Map.of("AttributeName", "id", "AttributeType", "S")),
                                "ProvisionedThroughput", Map.of("ReadCapacityUnits", 5, "WriteCapacityUnits", 5)));
        template()
                .hasResource(
                        "AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete"));
    }

    @Test
    void the_function_runs_java_on_arm_with_snapstart_tracing_and_json_logs() {
        // The other function is the cost kill switch's (CostKillSwitchTest).
        template().resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Runtime", "java25"), 1);
        template()
                .hasResourceProperties(
                        "AWS::Lambda::Function",
                        Map.of(
                                "Runtime", "java25",
                                "Architectures", List.of("arm64"),
                                "Handler", "com.example.pets.lambda.StreamLambdaHandler::handleRequest",
                                "MemorySize", 1024,
                                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                                "TracingConfig", Map.of("Mode", "Active"),
                                "LoggingConfig",
                                        Match.objectLike(Map.of(
                                                "LogFormat", "JSON",
                                                "ApplicationLogLevel", "INFO",
                                                "LogGroup", Match.objectLike(Map.of("Ref", Match.anyValue()))))));
    }

    @Test
    void the_function_gets_its_settings_from_the_stack() {
        template()
                .hasResourceProperties(
                        "AWS::Lambda::Function",
                        Map.of(
                                "Environment",
                                Map.of(
                                        "Variables",
                                        Map.of(
                                                "TABLE_NAME", Map.of("Ref", tableId()),
                                                "POWERTOOLS_SERVICE_NAME", "pets-api",
                                                "POWERTOOLS_LOG_LEVEL", "INFO",
                                                "POWERTOOLS_METRICS_NAMESPACE", "PetsApi",
                                                "ENVIRONMENT", "prod",
                                                "POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false",
                                                "AWS_EMF_ENVIRONMENT", "Lambda",
                                                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"))));
    }

    @Test
    void by_default_nothing_is_reserved_so_the_stack_deploys_on_an_account_with_a_concurrency_limit_of_ten() {
        assertThat(SynthesizedStack.CONFIG.reservedConcurrency()).isEmpty();
        template()
                .allResourcesProperties(
                        "AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
        assertThat(template().toJSON().toString()).doesNotContain("ReservedConcurrentExecutions");
    }

    @Test
    void a_reservation_is_an_opt_in_for_accounts_whose_limit_allows_it() {
        var config = DeployConfig.fromContext(
                Map.<String, Object>of("alertEmail", "alerts@example.com", "reservedConcurrency", "5")::get);

        Template.fromStack(SynthesizedStack.synthesize(config))
                .hasResourceProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", 5));
    }

    @Test
    void the_api_calls_the_live_alias_so_that_requests_hit_a_snapstart_version() {
        template().resourceCountIs("AWS::Lambda::Version", 1);
        template()
                .hasResourceProperties(
                        "AWS::Lambda::Alias",
                        Map.of(
                                "Name",
                                "live",
                                "FunctionVersion",
                                Map.of("Fn::GetAtt", List.of(versionId(), "Version"))));

        var aliasId = onlyId("AWS::Lambda::Alias");
        var methods = resources("AWS::ApiGateway::Method");
        assertThat(methods).hasSize(2);
        methods.values()
                .forEach(method -> assertThat(
                                properties(method).get("Integration").toString())
                        .contains("AWS_PROXY")
                        .contains(aliasId));
    }

    @Test
    void every_route_reaches_the_function_through_one_proxy_resource() {
        template().resourceCountIs("AWS::ApiGateway::Resource", 1);
        template().hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "{proxy+}"));
        template().resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("HttpMethod", "ANY"), 2);
    }

    @Test
    void the_prod_stage_has_tracing_metrics_throttling_and_access_logs() {
        template().resourceCountIs("AWS::ApiGateway::Stage", 1);
        template()
                .hasResourceProperties(
                        "AWS::ApiGateway::Stage",
                        Map.of(
                                "StageName",
                                "prod",
                                "TracingEnabled",
                                true,
                                "MethodSettings",
                                List.of(Match.objectLike(Map.of(
                                        "HttpMethod",
                                        "*",
                                        "ResourcePath",
                                        "/*",
                                        "MetricsEnabled",
                                        false,
                                        "ThrottlingBurstLimit",
                                        10,
                                        "ThrottlingRateLimit",
                                        2))),
                                "AccessLogSetting",
                                Map.of(
                                        "DestinationArn", Match.anyValue(),
                                        "Format",
                                                Match.stringLikeRegexp(
                                                        ".*\"xray_trace_id\":\"\\$context.xrayTraceId\".*"))));
        // API Gateway compresses (the application does not) and passes every body through as text.
        template()
                .hasResourceProperties(
                        "AWS::ApiGateway::RestApi",
                        Map.of("MinimumCompressionSize", 1024, "BinaryMediaTypes", List.of()));
        // The account-wide logging role the access log needs belongs to the account stack, not to this one.
        template().resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    void the_function_may_only_use_its_own_table_log_group_and_xray() {
        var policies = resources("AWS::IAM::Policy");
        assertThat(policies).hasSize(1);
        @SuppressWarnings("unchecked")
        var statements = (List<Map<String, Object>>) ((Map<String, Object>)
                        properties(policies.values().iterator().next()).get("PolicyDocument"))
                .get("Statement");

        assertThat(statements)
                .allSatisfy(statement -> assertThat(actions(statement))
                        .allSatisfy(action -> assertThat(action).doesNotContain("*")));
        assertThat(statements)
                .filteredOn(statement -> actions(statement).stream().anyMatch(a -> a.startsWith("dynamodb:")))
                .isNotEmpty()
                // The table itself: no index ARNs (it has no index), no wildcard.
                .allSatisfy(statement -> assertThat(statement.get("Resource"))
                        .isEqualTo(Map.of("Fn::GetAtt", List.of(tableId(), "Arn"))));
        assertThat(statements)
                .filteredOn(statement -> "*".equals(statement.get("Resource")))
                .flatMap(PetsStackTest::actions)
                .containsExactlyInAnyOrder("xray:PutTraceSegments", "xray:PutTelemetryRecords");
        template().resourceCountIs("AWS::IAM::ManagedPolicy", 0);
        // Not AWSLambdaBasicExecutionRole, which may write to every log group in the account.
        template()
                .hasResourceProperties(
                        "AWS::IAM::Role",
                        Match.objectLike(Map.of(
                                "AssumeRolePolicyDocument",
                                assumedBy("lambda.amazonaws.com").get("AssumeRolePolicyDocument"),
                                "ManagedPolicyArns",
                                Match.absent())));
    }

    @Test
    void the_alarms_email_the_address_given_at_deploy_time() {
        template()
                .hasResourceProperties(
                        "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "alerts@example.com"));
        var topic = Map.of("Ref", alertTopicId());
        // The fourth alarm, the cost kill switch's, has no OK action (CostKillSwitchTest).
        template()
                .resourcePropertiesCountIs(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "AlarmActions",
                                List.of(topic),
                                "OKActions",
                                List.of(topic),
                                "TreatMissingData",
                                "notBreaching"),
                        Monitoring.ALARM_NAMES.size());
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "Namespace",
                                "AWS/ApiGateway",
                                "MetricName",
                                "5XXError",
                                "Statistic",
                                "Average",
                                "Threshold",
                                0.05));
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName", "Throttles"));
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName", "Errors"));
    }

    @Test
    void the_dashboard_graphs_requests_errors_latency_and_every_custom_metric_series() {
        var body = dashboardBody();
        assertThat(body)
                .contains("\"AWS/ApiGateway\",\"Count\"")
                .contains("\"AWS/ApiGateway\",\"5XXError\"")
                .contains("\"AWS/ApiGateway\",\"Latency\"")
                .contains("\"AWS/Lambda\",\"Errors\"");
        for (var metric : SynthesizedStack.customMetrics()) {
            assertThat(occurrences(body, "\"PetsApi\",\"" + metric.name() + "\""))
                    .as("graph lines for %s", metric.name())
                    .isEqualTo(metric.series());
        }
        for (var route : PetsApiFacts.METRIC_ROUTES) {
            assertThat(body).contains("\"route\",\"" + route + "\"");
        }
    }

    @Test
    void the_saved_queries_are_the_labs_query_files_on_the_function_log_group() {
        var logGroup = Map.of("Ref", functionLogGroupId());
        var files = SavedQueries.queryFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        template().resourceCountIs("AWS::Logs::QueryDefinition", files.size());
        template().allResourcesProperties("AWS::Logs::QueryDefinition", Map.of("LogGroupNames", List.of(logGroup)));
        for (var file : files) {
            var name = file.getFileName().toString().replaceFirst("\\.query$", "");
            template()
                    .hasResourceProperties(
                            "AWS::Logs::QueryDefinition",
                            Map.of(
                                    "Name",
                                    "pets-api/" + name,
                                    "QueryString",
                                    SavedQueries.read(file).strip()));
        }
    }

    @Test
    void every_resource_is_tagged_with_course_lab_and_owner() {
        var tags = Match.arrayWith(List.of(
                Map.of("Key", "course", "Value", "observable-serverless-java"),
                Map.of("Key", "lab", "Value", "lab-08-containers"),
                Map.of("Key", "owner", "Value", "learner")));
        for (var type : List.of(
                "AWS::DynamoDB::Table",
                "AWS::Lambda::Function",
                "AWS::ApiGateway::RestApi",
                "AWS::ApiGateway::Stage",
                "AWS::SNS::Topic",
                "AWS::Logs::LogGroup",
                "AWS::IAM::Role")) {
            template().allResourcesProperties(type, Map.of("Tags", tags));
        }
    }

    @Test
    void the_outputs_lead_to_the_api_its_docs_and_the_dashboard() {
        assertThat(template().findOutputs("*"))
                .containsOnlyKeys(
                        "ApiUrl", "DocsUrl", "DashboardUrl", "FunctionLogGroup", "FunctionName", "LiveVersion");
        assertThat(template().findOutputs("DocsUrl").toString()).contains("docs");
        assertThat(template().findOutputs("DashboardUrl").toString())
                .contains("console.aws.amazon.com/cloudwatch")
                .contains(onlyId("AWS::CloudWatch::Dashboard"));
    }

    @Test
    void the_outputs_name_the_live_version_and_the_version_it_replaces_is_kept() {
        var functionId = functionId();
        assertThat(template().findOutputs("FunctionName"))
                .containsEntry(
                        "FunctionName",
                        Map.of(
                                "Description",
                                "The function whose live alias the API invokes",
                                "Value",
                                Map.of("Ref", functionId)));
        assertThat(template().findOutputs("LiveVersion").get("LiveVersion"))
                .containsEntry("Value", Map.of("Fn::GetAtt", List.of(versionId(), "Version")));
        // The version a deployment replaces stays, so that the alias can go back to it.
        template()
                .hasResource(
                        "AWS::Lambda::Version", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    }

    private static Map<String, Object> assumedBy(String service) {
        return Map.of(
                "AssumeRolePolicyDocument",
                Match.objectLike(Map.of(
                        "Statement", List.of(Match.objectLike(Map.of("Principal", Map.of("Service", service)))))));
    }

    private static String tableId() {
        return onlyId("AWS::DynamoDB::Table");
    }

    private static String versionId() {
        return onlyId("AWS::Lambda::Version");
    }

    private static String functionLogGroupId() {
        @SuppressWarnings("unchecked")
        var loggingConfig = (Map<String, Object>)
                properties(resources("AWS::Lambda::Function").get(functionId())).get("LoggingConfig");
        return ((Map<?, ?>) loggingConfig.get("LogGroup")).get("Ref").toString();
    }

    /** The Pets API's function (the cost kill switch has one too). */
    static String functionId() {
        var found =
                template().findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Runtime", "java25")));
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The topic that e-mails the learner (the cost kill switch has a topic of its own). */
    static String alertTopicId() {
        var found = template()
                .findResources("AWS::SNS::Topic", Map.of("Properties", Map.of("DisplayName", "Pets API alerts")));
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static String onlyId(String type) {
        var found = resources(type);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static List<String> actions(Map<String, Object> statement) {
        var action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
    }

    /** The dashboard JSON with the CloudFormation references left out. */
    private static String dashboardBody() {
        var body = properties(resources("AWS::CloudWatch::Dashboard")
                        .values()
                        .iterator()
                        .next())
                .get("DashboardBody");
        if (body instanceof String text) {
            return text;
        }
        var parts = (List<?>) ((List<?>) ((Map<?, ?>) body).get("Fn::Join")).get(1);
        var text = new StringBuilder();
        parts.stream().filter(String.class::isInstance).forEach(text::append);
        return text.toString();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void each_alarm_fires_on_the_first_bad_five_minutes() {
        for (var metric : List.of("Throttles", "Errors")) {
            template()
                    .hasResourceProperties(
                            "AWS::CloudWatch::Alarm",
                            Map.of(
                                    "MetricName",
                                    metric,
                                    "Statistic",
                                    "Sum",
                                    "Period",
                                    300,
                                    "EvaluationPeriods",
                                    1,
                                    "Threshold",
                                    1,
                                    "ComparisonOperator",
                                    "GreaterThanOrEqualToThreshold"));
        }
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "MetricName",
                                "5XXError",
                                "Period",
                                300,
                                "EvaluationPeriods",
                                1,
                                "Threshold",
                                0.05,
                                "ComparisonOperator",
                                "GreaterThanThreshold"));
    }

    @Test
    void a_hung_function_is_stopped_soon_after_api_gateway_gives_up() {
        template().hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java25", "Timeout", 15));
    }

    @Test
    void the_function_may_write_its_own_log_group() {
        @SuppressWarnings("unchecked")
        var statements = (List<Map<String, Object>>) ((Map<String, Object>) properties(resources("AWS::IAM::Policy")
                                .values()
                                .iterator()
                                .next())
                        .get("PolicyDocument"))
                .get("Statement");

        // Without it Lambda drops every log line and EMF metric: an empty log group and dashboard.
        assertThat(statements)
                .filteredOn(statement -> actions(statement).contains("logs:PutLogEvents"))
                .singleElement()
                .satisfies(statement ->
                        assertThat(statement.get("Resource").toString()).contains(functionLogGroupId()));
    }
}
