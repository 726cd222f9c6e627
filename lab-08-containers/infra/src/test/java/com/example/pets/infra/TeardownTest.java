package com.example.pets.infra;

import static com.example.pets.infra.AwsStub.ACCOUNT;
import static com.example.pets.infra.AwsStub.REGION;
import static com.example.pets.infra.AwsStub.json;
import static com.example.pets.infra.AwsStub.jsonError;
import static com.example.pets.infra.AwsStub.noSuchStack;
import static com.example.pets.infra.AwsStub.output;
import static com.example.pets.infra.AwsStub.parameter;
import static com.example.pets.infra.AwsStub.query;
import static com.example.pets.infra.AwsStub.queryError;
import static com.example.pets.infra.AwsStub.stackXml;
import static com.example.pets.infra.AwsStub.target;
import static com.example.pets.infra.AwsStub.xml;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The teardown command's real SDK calls, answered by a local stub of the AWS APIs. */
class TeardownTest {

    static final String BUCKET = "cdk-hnb659fds-assets-" + ACCOUNT + "-" + REGION;
    static final String REPOSITORY = "cdk-hnb659fds-container-assets-" + ACCOUNT + "-" + REGION;

    /** The logging role of PetsApiAccount, as CloudFormation names it. */
    static final String COURSE_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/PetsApiAccount-ApiGatewayLogging1A2B3C4D-5E6F";

    /** A logging role the account had before the course (or that someone else set). */
    static final String TEAM_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/team-apigw-logs";

    /** A clean run after every stack was deployed; the README shows this output. */
    static final String CLEAN_OUTPUT = """
            Pets API teardown in account 123456789012, region eu-west-1.

            %s  cleared  API Gateway's logging role setting, which named PetsApiAccount's deleted role (the account had none before)
              kept     CDKToolkit (the CDK bootstrap, shared by every CDK app here; --bootstrap removes it)

            Looking for leftovers: resources tagged course=observable-serverless-java, log groups named PetsApi*, /aws/lambda/PetsApi*, API Gateway's logging role setting

            Nothing of the course is left in 123456789012 eu-west-1.
            """.formatted(CdkApp.STACKS_IN_DELETION_ORDER.stream()
            .map(stack -> "  deleted  stack " + stack + "\n")
            .collect(Collectors.joining()));

    private AwsStub aws;

    @BeforeEach
    void start() {
        aws = new AwsStub();
        aws.identity();
        loggingRole(COURSE_ROLE, null);
        aws.server.stubFor(target("ResourceGroupsTaggingAPI_20170126.GetResources")
                .willReturn(json("{\"ResourceTagMappingList\":[],\"PaginationToken\":\"\"}")));
        aws.server.stubFor(target("Logs_20140328.DescribeLogGroups").willReturn(json("{\"logGroups\":[]}")));
        for (var stack : Stream.concat(CdkApp.STACKS_IN_DELETION_ORDER.stream(), Stream.of("CDKToolkit"))
                .toList()) {
            aws.server.stubFor(query("DescribeStacks", "StackName=" + stack).willReturn(noSuchStack(stack)));
        }
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** A stack that exists until DeleteStack is called, and is gone when the waiter looks again. */
    private void deployed(String name, String outputs) {
        deployed(name, outputs, "");
    }

    private void deployed(String name, String outputs, String parameters) {
        aws.server.stubFor(query("DescribeStacks", "StackName=" + name)
                .inScenario(name)
                .whenScenarioStateIs(STARTED)
                .willReturn(xml(stackXml(name, "CREATE_COMPLETE", outputs, parameters))));
        aws.server.stubFor(query("DeleteStack", "StackName=" + name)
                .inScenario(name)
                .willSetStateTo("deleted")
                .willReturn(xml("<DeleteStackResponse><ResponseMetadata><RequestId>stub</RequestId>"
                        + "</ResponseMetadata></DeleteStackResponse>")));
        aws.server.stubFor(query("DescribeStacks", "StackName=" + name)
                .inScenario(name)
                .whenScenarioStateIs("deleted")
                .willReturn(noSuchStack(name)));
    }

    /**
     * API Gateway's account setting: {@code before} until an UpdateAccount changes it, {@code after} from then on
     * (null: no role).
     */
    private void loggingRole(String before, String after) {
        aws.server.stubFor(get(urlEqualTo("/account"))
                .inScenario("account")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(account(before))));
        aws.server.stubFor(patch(urlEqualTo("/account"))
                .inScenario("account")
                .willSetStateTo("updated")
                .willReturn(json(account(after))));
        aws.server.stubFor(get(urlEqualTo("/account"))
                .inScenario("account")
                .whenScenarioStateIs("updated")
                .willReturn(json(account(after))));
    }

    private static String account(String role) {
        return role == null ? "{\"apiKeyVersion\":\"4\"}" : "{\"cloudwatchRoleArn\":\"" + role + "\"}";
    }

    private AwsStub.Run teardown(String... args) {
        return AwsStub.run(out -> Teardown.run(aws::clients, List.of(args), out));
    }

    @Test
    void a_clean_account_is_reported_clean_with_exit_code_0() {
        CdkApp.STACKS_IN_DELETION_ORDER.forEach(stack -> deployed(stack, ""));

        var run = teardown();

        assertThat(run.output()).isEqualTo(CLEAN_OUTPUT);
        assertThat(run.exitCode()).isZero();
        // The container (it uses the API's table) first, the account stack with the budget last (WireMock lists the
        // newest request first).
        var deletes = aws.server.getAllServeEvents().stream()
                .map(event -> event.getRequest().getBodyAsString())
                .filter(body -> body.contains("Action=DeleteStack"))
                .toList();
        assertThat(deletes).hasSize(CdkApp.STACKS_IN_DELETION_ORDER.size());
        assertThat(deletes.get(deletes.size() - 1)).endsWith("StackName=PetsApiContainer");
        assertThat(deletes.get(0)).endsWith("StackName=PetsApiAccount");
        // The setting named the deleted role and the account had none before: cleared, a replace without a value.
        aws.server.verify(patchRequestedFor(urlEqualTo("/account"))
                .withRequestBody(
                        equalToJson("{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/cloudwatchRoleArn\"}]}")));
    }

    @Test
    void the_logging_role_the_account_had_before_the_course_is_put_back() {
        deployed(CdkApp.STACK_NAME, "");
        deployed(CdkApp.ACCOUNT_STACK_NAME, "", parameter(AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER, TEAM_ROLE));
        loggingRole(COURSE_ROLE, TEAM_ROLE);

        var run = teardown();

        assertThat(run.output())
                .contains("  deleted  stack PetsApiAccount\n"
                        + "  restored API Gateway's logging role setting, which named PetsApiAccount's deleted role:"
                        + " back to arn:aws:iam::123456789012:role/team-apigw-logs, the role it had before\n")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
        aws.server.verify(patchRequestedFor(urlEqualTo("/account"))
                .withRequestBody(equalToJson("{\"patchOperations\":[{\"op\":\"replace\",\"path\":"
                        + "\"/cloudwatchRoleArn\",\"value\":\"" + TEAM_ROLE + "\"}]}")));
    }

    @Test
    void a_logging_role_that_is_not_the_courses_is_left_alone() {
        CdkApp.STACKS_IN_DELETION_ORDER.forEach(stack -> deployed(stack, ""));
        loggingRole(TEAM_ROLE, TEAM_ROLE);

        var run = teardown();

        assertThat(run.output())
                .contains(
                        "  kept     API Gateway's logging role arn:aws:iam::123456789012:role/team-apigw-logs (not the"
                                + " course's)\n")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
        aws.server.verify(0, patchRequestedFor(urlEqualTo("/account")));
    }

    @Test
    void no_logging_role_at_all_is_left_as_it_is() {
        CdkApp.STACKS_IN_DELETION_ORDER.forEach(stack -> deployed(stack, ""));
        loggingRole(null, null);

        var run = teardown();

        assertThat(run.output())
                .isEqualTo(CLEAN_OUTPUT.replace(
                        "  cleared  API Gateway's logging role setting, which named PetsApiAccount's deleted role (the"
                                + " account had none before)\n",
                        ""));
        assertThat(run.exitCode()).isZero();
        aws.server.verify(0, patchRequestedFor(urlEqualTo("/account")));
    }

    @Test
    void a_second_run_clears_the_course_role_the_first_run_left_behind() {
        // PetsApiAccount is gone already (an earlier teardown), so no earlier role is on record.
        var run = teardown();

        assertThat(run.output())
                .contains("  gone     stack PetsApiAccount (not deployed)\n"
                        + "  cleared  API Gateway's logging role setting, which named PetsApiAccount's deleted role"
                        + " (PetsApiAccount was gone already: no earlier role on record)\n")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void a_logging_role_api_gateway_refuses_to_take_back_is_a_leftover_and_exit_code_1() {
        deployed(CdkApp.STACK_NAME, "");
        deployed(CdkApp.ACCOUNT_STACK_NAME, "", parameter(AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER, TEAM_ROLE));
        // The role the account had before was deleted meanwhile: API Gateway refuses it.
        aws.server.stubFor(patch(urlEqualTo("/account"))
                .inScenario("account")
                .willReturn(jsonError(
                        400,
                        "BadRequestException",
                        "The role ARN does not have required permissions configured. Please grant trust permission"
                                + " for API Gateway and add the required role policy.")));

        var run = teardown();

        assertThat(run.output())
                .contains("  failed   apigateway:PATCH /account failed: BadRequestException: The role ARN does not have"
                        + " required permissions configured.")
                .contains("  LEFT     API Gateway's logging role setting, which names " + COURSE_ROLE + " (deleted with"
                        + " PetsApiAccount): set a role of yours with aws apigateway update-account --patch-operations"
                        + " op=replace,path=/cloudwatchRoleArn,value=<its ARN>\n")
                .endsWith("1 leftover(s), listed above: delete them and run the teardown again. One that its service"
                        + " says is gone is a stale entry of the tagging API, which can list deleted resources for"
                        + " hours.\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void a_leftover_log_group_is_named_and_the_exit_code_is_1() {
        aws.server.stubFor(target("Logs_20140328.DescribeLogGroups")
                .withRequestBody(containing("\"logGroupNamePrefix\":\"/aws/lambda/PetsApi\""))
                .willReturn(json("{\"logGroups\":[{\"logGroupName\":\"/aws/lambda/PetsApi-ComputeFunction-AbC123\","
                        + "\"storedBytes\":20480}]}")));

        var run = teardown();

        assertThat(run.output())
                .contains("  gone     stack PetsApi (not deployed)")
                .contains("  LEFT     log group /aws/lambda/PetsApi-ComputeFunction-AbC123 (20,480 bytes stored)")
                .endsWith("1 leftover(s), listed above: delete them and run the teardown again. One that its service"
                        + " says is gone is a stale entry of the tagging API, which can list deleted resources for"
                        + " hours.\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void a_resource_still_tagged_with_the_course_is_a_leftover() {
        aws.server.stubFor(target("ResourceGroupsTaggingAPI_20170126.GetResources")
                .withRequestBody(containing("observable-serverless-java"))
                .willReturn(json("{\"ResourceTagMappingList\":[{\"ResourceARN\":\"arn:aws:dynamodb:eu-west-1:"
                        + ACCOUNT + ":table/PetsApi-DataTable-XYZ\",\"Tags\":[{\"Key\":\"course\",\"Value\":"
                        + "\"observable-serverless-java\"},{\"Key\":\"lab\",\"Value\":\"lab-05-iac\"}]}],"
                        + "\"PaginationToken\":\"\"}")));

        var run = teardown();

        assertThat(run.output())
                .contains("  LEFT     arn:aws:dynamodb:eu-west-1:123456789012:table/PetsApi-DataTable-XYZ (tagged"
                        + " course=observable-serverless-java, lab=lab-05-iac)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void what_the_container_stack_leaves_behind_is_named_by_its_tag_and_log_group() {
        deployed(CdkApp.CONTAINER_STACK_NAME, "");
        aws.server.stubFor(target("ResourceGroupsTaggingAPI_20170126.GetResources")
                .willReturn(json("{\"ResourceTagMappingList\":["
                        + tagged("arn:aws:ecr:eu-west-1:" + ACCOUNT + ":repository/pets-api") + ","
                        + tagged("arn:aws:elasticloadbalancing:eu-west-1:" + ACCOUNT
                                + ":loadbalancer/app/PetsAp-Servi-AbC/123")
                        + "],\"PaginationToken\":\"\"}")));
        aws.server.stubFor(target("Logs_20140328.DescribeLogGroups")
                .withRequestBody(containing("\"logGroupNamePrefix\":\"PetsApi\""))
                .willReturn(json(
                        "{\"logGroups\":[{\"logGroupName\":\"PetsApiContainer-Metrics\"," + "\"storedBytes\":512}]}")));

        var run = teardown();

        assertThat(run.output())
                .startsWith("Pets API teardown in account 123456789012, region eu-west-1.\n\n"
                        + "  deleted  stack PetsApiContainer\n")
                .contains("  LEFT     arn:aws:ecr:eu-west-1:123456789012:repository/pets-api (tagged"
                        + " course=observable-serverless-java, lab=lab-08-containers)\n")
                .contains("  LEFT     arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/"
                        + "PetsAp-Servi-AbC/123 (tagged course=observable-serverless-java, lab=lab-08-containers)\n")
                .contains("  LEFT     log group PetsApiContainer-Metrics (512 bytes stored)\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    private static String tagged(String arn) {
        return "{\"ResourceARN\":\"" + arn + "\",\"Tags\":[{\"Key\":\"course\",\"Value\":"
                + "\"observable-serverless-java\"},{\"Key\":\"lab\",\"Value\":\"lab-08-containers\"}]}";
    }

    @Test
    void an_object_version_s3_keeps_stops_the_teardown_naming_it_before_the_bucket() {
        bootstrapWithBucketAndImage();
        aws.server.stubFor(post(urlMatching("/" + BUCKET + "\\?delete.*"))
                .willReturn(xml("<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Error><Key>asset.zip"
                        + "</Key><VersionId>v1</VersionId><Code>AccessDenied</Code><Message>Access Denied</Message>"
                        + "</Error></DeleteResult>")));

        var run = teardown("--bootstrap");

        assertThat(run.output())
                .contains("Bucket " + BUCKET + " could not be emptied: S3 kept 1 object version(s), asset.zip"
                        + " (AccessDenied: Access Denied)")
                .doesNotContain("deleted  bucket");
        assertThat(run.exitCode()).isEqualTo(1);
        aws.server.verify(0, deleteRequestedFor(urlEqualTo("/" + BUCKET)));
    }

    @Test
    void the_bootstrap_goes_with_every_version_of_its_bucket_and_every_image() {
        bootstrapWithBucketAndImage();

        var run = teardown("--bootstrap");

        assertThat(run.output())
                .contains("  emptied  repository " + REPOSITORY + ": 1 image(s) deleted\n"
                        + "  deleted  stack CDKToolkit\n"
                        + "  emptied  bucket " + BUCKET + ": 3 object version(s) and 1 delete marker(s) deleted\n"
                        + "  deleted  bucket " + BUCKET + "\n")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
        // Every version and the delete marker, not only the current objects (what `aws s3 rb --force` removes).
        aws.server.verify(postRequestedFor(urlMatching("/" + BUCKET + "\\?delete.*"))
                .withRequestBody(matching("(?s).*<VersionId>v2</VersionId>.*"))
                .withRequestBody(matching("(?s).*<VersionId>v1</VersionId>.*"))
                .withRequestBody(matching("(?s).*<VersionId>m1</VersionId>.*"))
                .withRequestBody(matching("(?s).*<VersionId>t1</VersionId>.*")));
        aws.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.BatchDeleteImage"))
                .withRequestBody(containing("sha256:1111")));
        aws.server.verify(deleteRequestedFor(urlEqualTo("/" + BUCKET)));
    }

    private void traceSegmentDestination(String destination) {
        aws.server.stubFor(post(urlEqualTo("/GetTraceSegmentDestination"))
                .willReturn(json("{\"Destination\":\"" + destination + "\",\"Status\":\"ACTIVE\"}")));
        aws.server.stubFor(post(urlEqualTo("/UpdateTraceSegmentDestination"))
                .willReturn(json("{\"Destination\":\"XRay\",\"Status\":\"PENDING\"}")));
    }

    /** When the stub's account stack was created (its CreationTime, 2026-11-01T10:00:00Z), in epoch milliseconds. */
    private static final long STACK_CREATED = 1_793_527_200_000L;

    private void spanLogGroup(String name, long createdMillis) {
        aws.server.stubFor(target("Logs_20140328.DescribeLogGroups")
                .withRequestBody(containing("\"logGroupNamePrefix\":\"" + name + "\""))
                .willReturn(json("{\"logGroups\":[{\"logGroupName\":\"" + name + "\",\"creationTime\":" + createdMillis
                        + ",\"storedBytes\":20480}]}")));
        aws.server.stubFor(target("Logs_20140328.DeleteLogGroup")
                .withRequestBody(containing("\"logGroupName\":\"" + name + "\""))
                .willReturn(json("{}")));
    }

    private void accountStackWithTransactionSearch() {
        CdkApp.STACKS_IN_DELETION_ORDER.stream()
                .filter(stack -> !stack.equals("PetsApiAccount"))
                .forEach(stack -> deployed(stack, ""));
        deployed("PetsApiAccount", output("TransactionSearch", "CloudWatchLogs, 1% indexed"));
    }

    @Test
    void transaction_search_the_account_stack_switched_on_is_switched_back_and_its_span_log_groups_go() {
        accountStackWithTransactionSearch();
        traceSegmentDestination("CloudWatchLogs");
        // X-Ray made aws/spans after the stack switched Transaction Search on; no Application Signals data.
        spanLogGroup("aws/spans", STACK_CREATED + 60_000);

        var run = teardown();

        assertThat(run.output())
                .contains("  deleted  stack PetsApiAccount\n"
                        + "  cleared  API Gateway's logging role setting, which named PetsApiAccount's deleted role (the"
                        + " account had none before)\n"
                        + "  switched X-Ray stores spans itself again: PetsApiAccount had switched eu-west-1 to"
                        + " Transaction Search\n"
                        + "  deleted  log group aws/spans (20,480 bytes: spans X-Ray stored while Transaction Search was"
                        + " on)\n")
                .doesNotContain("application-signals")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
        aws.server.verify(postRequestedFor(urlEqualTo("/UpdateTraceSegmentDestination"))
                .withRequestBody(equalTo("{\"Destination\":\"XRay\"}")));
        aws.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Logs_20140328.DeleteLogGroup"))
                .withRequestBody(containing("\"logGroupName\":\"aws/spans\"")));
        aws.server.verify(
                1,
                postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328.DeleteLogGroup")));
    }

    @Test
    void without_span_log_groups_the_teardown_deletes_none() {
        accountStackWithTransactionSearch();
        traceSegmentDestination("XRay");

        var run = teardown();

        assertThat(run.output())
                .contains("  gone     Transaction Search (X-Ray stores spans itself again)\n")
                .doesNotContain("log group aws/spans")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
        aws.server.verify(
                0,
                postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328.DeleteLogGroup")));
    }

    @Test
    void a_span_log_group_that_was_there_before_the_account_stack_stays() {
        accountStackWithTransactionSearch();
        traceSegmentDestination("CloudWatchLogs");
        spanLogGroup("aws/spans", STACK_CREATED - 86_400_000);
        spanLogGroup("/aws/application-signals/data", STACK_CREATED + 60_000);

        var run = teardown();

        assertThat(run.output())
                .contains("  kept     log group aws/spans (there before PetsApiAccount)\n"
                        + "  deleted  log group /aws/application-signals/data (20,480 bytes: spans X-Ray stored while"
                        + " Transaction Search was on)\n")
                .endsWith("Nothing of the course is left in 123456789012 eu-west-1.\n");
        assertThat(run.exitCode()).isZero();
        aws.server.verify(
                0,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("Logs_20140328.DeleteLogGroup"))
                        .withRequestBody(containing("\"logGroupName\":\"aws/spans\"")));
    }

    @Test
    void transaction_search_the_course_did_not_switch_on_is_left_alone_with_its_span_log_groups() {
        CdkApp.STACKS_IN_DELETION_ORDER.forEach(stack -> deployed(stack, ""));
        traceSegmentDestination("CloudWatchLogs");
        spanLogGroup("aws/spans", STACK_CREATED + 60_000);

        var run = teardown();

        assertThat(run.output()).isEqualTo(CLEAN_OUTPUT);
        assertThat(run.exitCode()).isZero();
        aws.server.verify(0, postRequestedFor(urlEqualTo("/UpdateTraceSegmentDestination")));
        aws.server.verify(0, postRequestedFor(urlEqualTo("/GetTraceSegmentDestination")));
        aws.server.verify(
                0,
                postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328.DeleteLogGroup")));
    }

    @Test
    void the_bootstrap_stays_while_a_stack_this_lab_does_not_know_still_needs_its_role() {
        bootstrapWithBucketAndImage();
        aws.server.stubFor(target("ResourceGroupsTaggingAPI_20170126.GetResources")
                .willReturn(json("{\"ResourceTagMappingList\":[{\"ResourceARN\":\"arn:aws:cloudformation:eu-west-1:"
                        + ACCOUNT + ":stack/PetsApiOfALaterLab/0a1b\",\"Tags\":[{\"Key\":\"course\",\"Value\":"
                        + "\"observable-serverless-java\"},{\"Key\":\"lab\",\"Value\":\"lab-09\"}]}],"
                        + "\"PaginationToken\":\"\"}")));

        var run = teardown("--bootstrap");

        assertThat(run.output())
                .contains("Kept CDKToolkit: these stacks of the course still need its role to be deleted: arn:aws:"
                        + "cloudformation:eu-west-1:123456789012:stack/PetsApiOfALaterLab/0a1b (tagged"
                        + " course=observable-serverless-java, lab=lab-09).")
                .doesNotContain("deleted  stack CDKToolkit");
        assertThat(run.exitCode()).isEqualTo(1);
        aws.server.verify(0, deleteRequestedFor(urlEqualTo("/" + BUCKET)));
    }

    @Test
    void access_denied_stops_with_one_line_and_exit_code_1() {
        deployed("PetsApi", "");
        aws.server.stubFor(query("DeleteStack", "StackName=PetsApi")
                .willReturn(queryError(
                        403,
                        "AccessDenied",
                        "User: arn:aws:sts::123456789012:assumed-role/ReadOnly/learner is not authorized to perform:"
                                + " cloudformation:DeleteStack")));

        var run = teardown();

        assertThat(run.output())
                .isEqualTo("Pets API teardown in account 123456789012, region eu-west-1.\n\n"
                        + "  gone     stack PetsApiContainer (not deployed)\n"
                        + "cloudformation:DeleteStack was denied (AccessDenied): the credentials in use may not call it."
                        + " Sign in as a user with AdministratorAccess (lab-05-iac/ACCOUNT.md) and run again.\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void an_unknown_option_is_refused_before_anything_is_deleted() {
        var run = teardown("--all");

        assertThat(run.output())
                .isEqualTo("Unknown option --all: the options are --bootstrap (remove the CDK bootstrap too) and"
                        + " --dry-run (list what would be deleted, delete nothing).\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(aws.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_dry_run_names_what_it_would_delete_and_sends_no_request_that_changes_anything() {
        CdkApp.STACKS_IN_DELETION_ORDER.forEach(stack -> deployed(stack, ""));
        bootstrapWithBucketAndImage();
        aws.server.stubFor(target("ResourceGroupsTaggingAPI_20170126.GetResources")
                .willReturn(json("{\"ResourceTagMappingList\":[{\"ResourceARN\":\"arn:aws:dynamodb:eu-west-1:"
                        + ACCOUNT + ":table/PetsApi-DataTable-XYZ\",\"Tags\":[{\"Key\":\"lab\",\"Value\":"
                        + "\"lab-05-iac\"}]}],\"PaginationToken\":\"\"}")));

        var run = teardown("--dry-run", "--bootstrap");

        assertThat(run.output()).isEqualTo("""
                        Pets API teardown in account 123456789012, region eu-west-1. Dry run: it lists what it would delete, and changes nothing.

                        %s  dry run: would clear API Gateway's logging role setting, which names PetsApiAccount's role (the account had none before)
                          dry run: would empty repository %s: 1 image(s)
                          dry run: would delete stack CDKToolkit (CREATE_COMPLETE)
                          dry run: would empty bucket %s: 3 object version(s) and 1 delete marker(s)
                          dry run: would delete bucket %s

                        There now: resources tagged course=observable-serverless-java, log groups named PetsApi*, /aws/lambda/PetsApi*. The stacks above delete theirs; a real run reports the rest as leftovers.
                          there    arn:aws:dynamodb:eu-west-1:123456789012:table/PetsApi-DataTable-XYZ (tagged course=observable-serverless-java, lab=lab-05-iac)

                        Dry run: nothing was changed. Run without --dry-run to delete what is listed above.
                        """.formatted(
                        CdkApp.STACKS_IN_DELETION_ORDER.stream()
                                .map(stack -> "  dry run: would delete stack " + stack + " (CREATE_COMPLETE)\n")
                                .collect(Collectors.joining()),
                        REPOSITORY,
                        BUCKET,
                        BUCKET));
        assertThat(run.exitCode()).isZero();
        assertOnlyReadRequests();
        aws.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteStack")));
        aws.server.verify(0, patchRequestedFor(urlEqualTo("/account")));
        aws.server.verify(
                0,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.BatchDeleteImage")));
        aws.server.verify(0, postRequestedFor(urlMatching("/" + BUCKET + "\\?delete.*")));
        aws.server.verify(0, deleteRequestedFor(urlMatching("/.*")));
    }

    @Test
    void a_dry_run_on_a_clean_account_finds_nothing_to_delete() {
        loggingRole(null, null);

        var run = teardown("--dry-run");

        assertThat(run.output())
                .contains("  gone     stack PetsApi (not deployed)\n")
                .contains("  there    nothing\n")
                .doesNotContain("dry run: would")
                .endsWith("Dry run: nothing was changed. Run without --dry-run to delete what is listed above.\n");
        assertThat(run.exitCode()).isZero();
        assertOnlyReadRequests();
    }

    @Test
    void a_dry_run_names_the_transaction_search_switch_and_the_span_log_groups_and_changes_neither() {
        accountStackWithTransactionSearch();
        traceSegmentDestination("CloudWatchLogs");
        spanLogGroup("aws/spans", STACK_CREATED + 60_000);

        var run = teardown("--dry-run");

        assertThat(run.output())
                .contains("  dry run: would delete stack PetsApiAccount (CREATE_COMPLETE)\n"
                        + "  dry run: would clear API Gateway's logging role setting, which names PetsApiAccount's"
                        + " role (the account had none before)\n"
                        + "  dry run: would switch X-Ray back to storing spans itself: PetsApiAccount switched"
                        + " eu-west-1 to Transaction Search\n"
                        + "  dry run: would delete log group aws/spans (20,480 bytes: spans X-Ray stored while"
                        + " Transaction Search was on)\n");
        assertThat(run.exitCode()).isZero();
        assertOnlyReadRequests();
        aws.server.verify(0, postRequestedFor(urlEqualTo("/UpdateTraceSegmentDestination")));
        aws.server.verify(
                0,
                postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328.DeleteLogGroup")));
    }

    /** Every request the stub got was a describe, get or list call: nothing was deleted, updated or put. */
    private void assertOnlyReadRequests() {
        assertThat(aws.server.getAllServeEvents()).isNotEmpty().allSatisfy(event -> {
            var request = event.getRequest();
            var target = request.getHeader("X-Amz-Target");
            var action = request.getBodyAsString().replaceAll("(?s).*Action=([A-Za-z]+).*", "$1");
            assertThat(request.getMethod().getName()).isIn("GET", "POST");
            if (request.getMethod().getName().equals("POST")) {
                // JSON protocol: the operation is in X-Amz-Target; query protocol: Action=; REST (X-Ray): the path.
                var operation = target != null
                        ? target.substring(target.indexOf('.') + 1)
                        : request.getUrl().equals("/")
                                ? action
                                : request.getUrl().substring(1);
                assertThat(operation).matches("(Get|Describe|List)[A-Za-z]+");
            }
        });
    }

    private void bootstrapWithBucketAndImage() {
        deployed(
                "CDKToolkit",
                output("BucketName", BUCKET)
                        + output("ImageRepositoryName", REPOSITORY)
                        + output("BootstrapVersion", "30"));
        aws.server.stubFor(target("AmazonEC2ContainerRegistry_V20150921.ListImages")
                .willReturn(json("{\"imageIds\":[{\"imageDigest\":\"sha256:1111\",\"imageTag\":\"abc\"}]}")));
        aws.server.stubFor(target("AmazonEC2ContainerRegistry_V20150921.BatchDeleteImage")
                .willReturn(json("{\"imageIds\":[{\"imageDigest\":\"sha256:1111\"}],\"failures\":[]}")));
        // A versioned bucket: the current and an old version of one asset, and a delete marker over another.
        aws.server.stubFor(get(urlMatching("/" + BUCKET + "\\?versions.*"))
                .willReturn(xml("<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
                        + BUCKET + "</Name><IsTruncated>false</IsTruncated>"
                        + version("asset.zip", "v2", true) + version("asset.zip", "v1", false)
                        + "<DeleteMarker><Key>template.json</Key><VersionId>m1</VersionId><IsLatest>true</IsLatest>"
                        + "<LastModified>2026-11-02T10:00:00.000Z</LastModified></DeleteMarker>"
                        + version("template.json", "t1", false) + "</ListVersionsResult>")));
        aws.server.stubFor(post(urlMatching("/" + BUCKET + "\\?delete.*"))
                .willReturn(xml("<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>")));
        aws.server.stubFor(
                delete(urlEqualTo("/" + BUCKET)).willReturn(aResponse().withStatus(204)));
    }

    private static String version(String key, String id, boolean latest) {
        return "<Version><Key>" + key + "</Key><VersionId>" + id + "</VersionId><IsLatest>" + latest
                + "</IsLatest><LastModified>2026-11-01T10:00:00.000Z</LastModified><ETag>\"e\"</ETag><Size>10</Size>"
                + "<StorageClass>STANDARD</StorageClass></Version>";
    }

    @Test
    void a_stack_that_cannot_be_deleted_stops_the_teardown_naming_its_status() {
        deployed(CdkApp.STACK_NAME, "");
        aws.server.stubFor(query("DescribeStacks", "StackName=" + CdkApp.STACK_NAME)
                .inScenario(CdkApp.STACK_NAME)
                .whenScenarioStateIs("deleted")
                .willReturn(xml(stackXml(CdkApp.STACK_NAME, "DELETE_FAILED", ""))));

        var run = teardown();

        assertThat(run.output())
                .contains("Stack PetsApi could not be deleted (DELETE_FAILED")
                .doesNotContain("deleted  stack PetsApi");
        assertThat(run.exitCode()).isEqualTo(1);
    }
}
