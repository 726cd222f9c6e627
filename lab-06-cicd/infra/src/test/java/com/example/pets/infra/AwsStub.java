package com.example.pets.infra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A local stand-in for the AWS APIs: WireMock on a free port, and {@link AwsClients} whose every client is
 * pointed at it through the SDK's endpoint override. The requests are the SDK's real ones, so the stubs
 * below answer in each service's own protocol: query + XML (STS, CloudFormation), JSON with an
 * {@code X-Amz-Target} (Budgets, Free Tier, ECR, CloudWatch Logs, tagging), REST + JSON (Lambda, API
 * Gateway) and REST + XML (S3).
 */
final class AwsStub implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";

    final WireMockServer server;

    AwsStub() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    /** Clients for this stub, with test credentials and no retries (a throttled call fails at once). */
    AwsClients clients() {
        return clients(builder -> {});
    }

    AwsClients clients(Consumer<AwsClientBuilder<?, ?>> more) {
        return new AwsClients(Region.of(REGION), builder -> {
            builder.endpointOverride(URI.create(server.baseUrl()));
            builder.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")));
            builder.overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (builder instanceof S3ClientBuilder s3) {
                s3.forcePathStyle(true);
            }
            more.accept(builder);
        });
    }

    // Query protocol (STS, CloudFormation): a form body with Action=..., answers in XML.

    static MappingBuilder query(String action, String... parameters) {
        var request = post(urlEqualTo("/")).withRequestBody(matching("(.*&)?Action=" + action + "(&.*)?"));
        for (var parameter : parameters) {
            request = request.withRequestBody(matching("(.*&)?" + Pattern.quote(parameter) + "(&.*)?"));
        }
        return request;
    }

    static ResponseDefinitionBuilder xml(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody(body);
    }

    static ResponseDefinitionBuilder queryError(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>stub</RequestId></ErrorResponse>");
    }

    // JSON protocol: POST / with X-Amz-Target naming the operation.

    static MappingBuilder target(String target) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }

    /** A JSON or REST-JSON error, the way those services send them. */
    static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", code)
                .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\",\"Message\":\"" + message
                        + "\"}");
    }

    static String stackXml(String name, String status, String outputs) {
        return stackXml(name, status, outputs, "");
    }

    /** A stack created 2026-11-01T10:00:00Z, with its {@link #output}s and {@link #parameter}s. */
    static String stackXml(String name, String status, String outputs, String parameters) {
        return "<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>" + name
                + "</StackName><StackId>arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + name
                + "/1</StackId><CreationTime>2026-11-01T10:00:00Z</CreationTime><StackStatus>" + status
                + "</StackStatus><Parameters>" + parameters + "</Parameters><Outputs>" + outputs
                + "</Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>";
    }

    static String output(String key, String value) {
        return "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
    }

    static String parameter(String key, String value) {
        return "<member><ParameterKey>" + key + "</ParameterKey><ParameterValue>" + value
                + "</ParameterValue></member>";
    }

    static ResponseDefinitionBuilder noSuchStack(String name) {
        return queryError(400, "ValidationError", "Stack with id " + name + " does not exist");
    }

    void identity() {
        server.stubFor(query("GetCallerIdentity")
                .willReturn(xml("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT
                        + ":user/learner</Arn>"
                        + "<UserId>AIDAEXAMPLE</UserId><Account>" + ACCOUNT + "</Account>"
                        + "</GetCallerIdentityResult></GetCallerIdentityResponse>")));
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Runs a command and keeps what it printed. */
    record Run(int exitCode, String output) {}

    interface Command {
        int run(PrintStream out);
    }

    static Run run(Command command) {
        var bytes = new ByteArrayOutputStream();
        int exitCode;
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exitCode = command.run(out);
        }
        return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
    }
}
