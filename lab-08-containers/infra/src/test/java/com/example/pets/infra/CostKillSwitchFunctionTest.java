package com.example.pets.infra;

import static com.example.pets.infra.AwsStub.ACCOUNT;
import static com.example.pets.infra.AwsStub.REGION;
import static com.example.pets.infra.AwsStub.jsonError;
import static com.example.pets.infra.AwsStub.query;
import static com.example.pets.infra.AwsStub.xml;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cost kill switch's function ({@code src/main/resources/kill-switch/index.mjs}) run by this machine's Node with
 * the AWS SDK clients that {@code npm ci} installs in the lab folder (the Lambda runtime ships them), its API
 * Gateway and SNS endpoints pointed at a WireMock stub: the requests below are the ones the real SDK sends.
 */
class CostKillSwitchFunctionTest {

    static final Path HANDLER = CostKillSwitch.SOURCE.resolve("index.mjs");
    static final String REST_API_ID = "a1b2c3d4e5";
    static final String STAGE_PATH = "/restapis/" + REST_API_ID + "/stages/prod";
    static final String ALERT_TOPIC = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":PetsApi-MonitoringAlerts-1A2B3C";
    static final String TRIGGER_TOPIC = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":PetsApi-CostKillSwitchTrigger-4D5E";

    static final String STOP = """
            {"patchOperations":[
              {"op":"replace","path":"/*/*/throttling/rateLimit","value":"0"},
              {"op":"replace","path":"/*/*/throttling/burstLimit","value":"0"}]}""";

    /** Runs the handler the way Lambda does (an imported module, one event) and says how it ended. */
    static final String RUNNER = """
            const [handlerFile, event] = process.argv.slice(1)
            const { handler } = await import(handlerFile)
            try {
              console.log('RESULT ' + JSON.stringify(await handler(JSON.parse(event))))
            } catch (error) {
              console.log('FAILED ' + error.name)
              process.exitCode = 1
            }
            """;

    private AwsStub aws;

    @BeforeEach
    void start() {
        assertThat(Path.of("..", "node_modules", "@aws-sdk", "client-api-gateway"))
                .as("the SDK clients the function imports: npm ci in the lab folder (./mvnw verify runs it)")
                .isDirectory();
        aws = new AwsStub();
        aws.server.stubFor(patch(urlEqualTo(STAGE_PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"stageName\":\"prod\",\"deploymentId\":\"abc123\"}")));
        aws.server.stubFor(query("Publish")
                .willReturn(xml("<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>")));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void the_daily_requests_alarm_sets_the_stage_throttling_to_zero_and_emails_how_to_switch_it_back_on()
            throws Exception {
        var run = invoke(snsEvent(
                "ALARM: \"PetsApi-DailyRequests\" in EU (Ireland)",
                alarm("ALARM", "Threshold Crossed: 1 datapoint [10234.0] was greater than the threshold (10000.0).")));

        assertThat(run.output()).contains("RESULT {\"stopped\":true}");
        aws.server.verify(1, patchRequestedFor(urlEqualTo(STAGE_PATH)).withRequestBody(equalToJson(STOP)));

        var email = onlyPublish();
        assertThat(email)
                .containsEntry("TopicArn", ALERT_TOPIC)
                .containsEntry("Subject", "Pets API stopped by its cost kill switch");
        assertThat(email.get("Message"))
                .contains("stopped the Pets API (stage prod of REST API a1b2c3d4e5 in eu-west-1)")
                .contains("PetsApi-DailyRequests: Threshold Crossed: 1 datapoint [10234.0]")
                .contains("aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod"
                        + " --patch-operations 'op=replace,path=/*/*/throttling/rateLimit,value=2'"
                        + " 'op=replace,path=/*/*/throttling/burstLimit,value=10'")
                .contains("aws cloudwatch set-alarm-state --region eu-west-1 --alarm-name PetsApi-DailyRequests"
                        + " --state-value OK");
        // The same text in the function's log.
        assertThat(run.output())
                .contains(email.get("Message").lines().findFirst().orElseThrow());
    }

    @Test
    void the_budget_notification_stops_it_too() throws Exception {
        var run = invoke(snsEvent(
                "AWS Budgets: PetsApi-eu-west-1-kill-switch has exceeded your alert threshold",
                "AWS Budget Notification December 05, 2026\nAWS Account 123456789012\n\nDear AWS Customer,\n"
                        + "You requested that we alert you when the ACTUAL Cost associated with your"
                        + " PetsApi-eu-west-1-kill-switch budget is greater than $5.00 for the current month."));

        assertThat(run.output()).contains("RESULT {\"stopped\":true}");
        aws.server.verify(1, patchRequestedFor(urlEqualTo(STAGE_PATH)).withRequestBody(equalToJson(STOP)));
        assertThat(onlyPublish().get("Message"))
                .contains("AWS Budgets: PetsApi-eu-west-1-kill-switch has exceeded your alert threshold")
                .contains("greater than $5.00 for the current month")
                .contains("value=2'");
    }

    @Test
    void an_alarm_that_is_not_in_alarm_stops_nothing() throws Exception {
        var run = invoke(snsEvent("OK: \"PetsApi-DailyRequests\"", alarm("OK", "Threshold Crossed: no datapoints")));

        assertThat(run.output()).contains("RESULT {\"stopped\":false}");
        aws.server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void when_the_stage_cannot_be_changed_the_email_says_how_to_stop_it_by_hand_and_the_invocation_fails()
            throws Exception {
        aws.server.stubFor(patch(urlEqualTo(STAGE_PATH))
                .willReturn(jsonError(403, "AccessDeniedException", "not authorized to perform: apigateway:PATCH")));

        var run = invoke(snsEvent("ALARM: \"PetsApi-DailyRequests\"", alarm("ALARM", "Threshold Crossed")));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("FAILED AccessDeniedException");
        var email = onlyPublish();
        assertThat(email).containsEntry("Subject", "Pets API cost kill switch FAILED: stop the API by hand");
        assertThat(email.get("Message"))
                .contains("could NOT stop the Pets API")
                .contains("--patch-operations 'op=replace,path=/*/*/throttling/rateLimit,value=0'"
                        + " 'op=replace,path=/*/*/throttling/burstLimit,value=0'");
    }

    /** The form parameters of the one SNS Publish request the function sent. */
    private Map<String, String> onlyPublish() {
        var requests = aws.server.findAll(postRequestedFor(urlEqualTo("/")));
        assertThat(requests).hasSize(1);
        return Arrays.stream(requests.get(0).getBodyAsString().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : "", (a, b) -> b));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** A CloudWatch alarm's state change, as CloudWatch publishes it to SNS. */
    private static String alarm(String state, String reason) throws IOException {
        return new ObjectMapper()
                .writeValueAsString(Map.of(
                        "AlarmName",
                        "PetsApi-DailyRequests",
                        "AWSAccountId",
                        ACCOUNT,
                        "NewStateValue",
                        state,
                        "NewStateReason",
                        reason,
                        "OldStateValue",
                        "OK",
                        "Region",
                        "EU (Ireland)"));
    }

    /** The event SNS invokes Lambda with: one record holding the message. */
    private static String snsEvent(String subject, String message) throws IOException {
        return new ObjectMapper()
                .writeValueAsString(Map.of(
                        "Records",
                        List.of(Map.of(
                                "EventSource",
                                "aws:sns",
                                "EventSubscriptionArn",
                                TRIGGER_TOPIC + ":0f1e2d3c",
                                "Sns",
                                Map.of(
                                        "Type",
                                        "Notification",
                                        "MessageId",
                                        "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                                        "TopicArn",
                                        TRIGGER_TOPIC,
                                        "Subject",
                                        subject,
                                        "Message",
                                        message,
                                        "Timestamp",
                                        "2026-12-05T10:00:00.000Z")))));
    }

    private AwsStub.Run invoke(String event) throws IOException, InterruptedException {
        var process = new ProcessBuilder(
                "node",
                "--input-type=module",
                "-e",
                RUNNER,
                HANDLER.toAbsolutePath().toUri().toString(),
                event);
        process.redirectErrorStream(true);
        var environment = process.environment();
        var path = environment.get("PATH");
        environment.clear();
        environment.putAll(Map.ofEntries(
                Map.entry("PATH", path),
                // The function's settings, as the stack sets them
                Map.entry("REST_API_ID", REST_API_ID),
                Map.entry("STAGE_NAME", "prod"),
                Map.entry("ALERT_TOPIC_ARN", ALERT_TOPIC),
                Map.entry("RATE_LIMIT", "2"),
                Map.entry("BURST_LIMIT", "10"),
                Map.entry("ALARM_NAME", "PetsApi-DailyRequests"),
                // and what Lambda gives it, with every AWS endpoint on the stub and no profile of this machine.
                Map.entry("AWS_REGION", REGION),
                Map.entry("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "not-a-secret"),
                Map.entry("AWS_ENDPOINT_URL_API_GATEWAY", aws.server.baseUrl()),
                Map.entry("AWS_ENDPOINT_URL_SNS", aws.server.baseUrl()),
                Map.entry("AWS_MAX_ATTEMPTS", "1"),
                Map.entry("AWS_CONFIG_FILE", "/nonexistent/aws-config"),
                Map.entry("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials"),
                Map.entry("AWS_EC2_METADATA_DISABLED", "true")));
        var started = process.start();
        var output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(60, TimeUnit.SECONDS)).as("node ended").isTrue();
        return new AwsStub.Run(started.exitValue(), output);
    }
}
