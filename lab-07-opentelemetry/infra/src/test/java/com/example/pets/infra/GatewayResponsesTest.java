package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.properties;
import static com.example.pets.infra.SynthesizedStack.resources;
import static com.example.pets.infra.SynthesizedStack.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * API Gateway's own answers (a method ANY does not cover, a body over 10 MB, throttling, the integration timeout, a
 * failed function) leave in the API's one error shape, RFC 9457 problem details, not as {@code {"message": ...}}.
 */
class GatewayResponsesTest {

    /**
     * The members of the app's problems (RFC 9457 plus {@code correlation_id}). The local API Gateway's
     * LocalApiGatewayTest pins the same list for the answers it gives itself.
     */
    private static final List<String> PROBLEM_FIELDS =
            List.of("type", "title", "status", "detail", "instance", "correlation_id");

    /** DEFAULT_4XX and DEFAULT_5XX: their status varies and no template variable holds it. */
    private static final List<String> DEFAULT_PROBLEM_FIELDS = List.of("type", "detail", "instance", "correlation_id");

    /** The types with a fixed status, and that status as the supported gateway response types page gives it. */
    private static final Map<String, Integer> FIXED_STATUS = Map.of(
            "MISSING_AUTHENTICATION_TOKEN", 403,
            "THROTTLED", 429,
            "INTEGRATION_TIMEOUT", 504);

    private static final Map<Integer, String> REASON_PHRASE =
            Map.of(403, "Forbidden", 429, "Too Many Requests", 504, "Gateway Timeout");

    @Test
    void the_gateway_answers_itself_with_problem_details_for_every_case_the_api_can_meet() {
        var types = new ArrayList<>(FIXED_STATUS.keySet());
        types.addAll(List.of("DEFAULT_4XX", "DEFAULT_5XX"));

        template().resourceCountIs("AWS::ApiGateway::GatewayResponse", types.size());
        // Not REQUEST_TOO_LARGE: REST APIs cannot customize it, so a template for it would promise what never comes.
        assertThat(bodyTemplates()).doesNotContainKey("REQUEST_TOO_LARGE");
        for (var type : types) {
            template()
                    .hasResourceProperties(
                            "AWS::ApiGateway::GatewayResponse",
                            Map.of(
                                    "ResponseType", type,
                                    "RestApiId", Match.objectLike(Map.of("Ref", Match.anyValue())),
                                    "ResponseParameters",
                                            Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'"),
                                    "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp(".+")),
                                    // API Gateway's own status stays: a set DEFAULT_4XX status would replace every 4xx.
                                    "StatusCode", Match.absent()));
        }
    }

    @Test
    void every_body_template_is_json_with_the_members_of_the_app_problem() throws Exception {
        for (var template : bodyTemplates().entrySet()) {
            var type = template.getKey();
            // What API Gateway puts in: the message already quoted, and the request id.
            var requestId = "0f7ad5b2-3c1e-4e8a-9d61-2b0c7e5a1f44";
            var rendered = template.getValue()
                    .replace("$context.error.messageString", "\"Say \\\"hi\\\"\"")
                    .replace("$context.requestId", requestId);
            var problem = new ObjectMapper().readTree(rendered);

            assertThat(fieldNames(problem))
                    .as(type)
                    .containsExactlyElementsOf(
                            FIXED_STATUS.containsKey(type) ? PROBLEM_FIELDS : DEFAULT_PROBLEM_FIELDS);
            assertThat(problem.path("type").asText()).isEqualTo("about:blank");
            assertThat(problem.path("detail").asText()).isEqualTo("Say \"hi\"");
            assertThat(problem.path("instance").asText()).isEqualTo("urn:uuid:" + requestId);
            assertThat(problem.path("correlation_id").asText()).isEqualTo(requestId);
            if (FIXED_STATUS.containsKey(type)) {
                var status = FIXED_STATUS.get(type);
                assertThat(problem.path("status").asInt()).as(type).isEqualTo(status);
                assertThat(problem.path("title").asText()).as(type).isEqualTo(REASON_PHRASE.get(status));
            }
        }
    }

    @Test
    void the_templates_use_only_variables_that_are_safe_in_json() {
        for (var template : bodyTemplates().values()) {
            var variables = Pattern.compile("\\$[A-Za-z.]+")
                    .matcher(template)
                    .results()
                    .map(MatchResult::group)
                    .toList();
            assertThat(variables).containsOnly("$context.error.messageString", "$context.requestId");
            // messageString comes quoted; quoting it again would break the JSON.
            assertThat(template).doesNotContain("\"$context.error.messageString\"");
        }
    }

    /** The body template of each gateway response, by response type. */
    private static Map<String, String> bodyTemplates() {
        var templates = new HashMap<String, String>();
        resources("AWS::ApiGateway::GatewayResponse").values().forEach(resource -> {
            var properties = properties(resource);
            @SuppressWarnings("unchecked")
            var byContentType = (Map<String, String>) properties.get("ResponseTemplates");
            templates.put((String) properties.get("ResponseType"), byContentType.get("application/json"));
        });
        assertThat(templates).isNotEmpty();
        return templates;
    }

    private static List<String> fieldNames(JsonNode problem) {
        var names = new ArrayList<String>();
        problem.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
