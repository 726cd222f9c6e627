package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An alarm reaches a person only if CloudWatch may publish to the topic its action names. A topic policy
 * replaces SNS's default one, so a policy that only denies plain HTTP leaves CloudWatch nothing that allows
 * it. This test follows the synthesized template from each alarm to its actions, to the topic, to the
 * topic's policy, and reads the statements there the way SNS would.
 */
class AlarmNotificationTest {

    @Test
    void every_alarm_may_publish_to_the_topic_its_actions_name() {
        assertThat(problems(SynthesizedStack.template().toJSON())).isEmpty();
    }

    @Test
    void every_topic_still_refuses_plain_http() {
        var policies = topicPolicyStatements(SynthesizedStack.template().toJSON());

        assertThat(policies)
                .isNotEmpty()
                .allSatisfy(statements -> assertThat(statements)
                        .anySatisfy(statement -> assertThat(statement)
                                .containsEntry("Effect", "Deny")
                                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
    }

    /** The walk must be able to fail: the same template with the Allows taken out, as enforceSsl alone writes it. */
    @Test
    void a_policy_with_only_the_tls_deny_is_reported_for_every_alarm_action() {
        var template = deepCopy(SynthesizedStack.template().toJSON());
        topicPolicyStatements(template)
                .forEach(statements -> statements.removeIf(statement -> "Allow".equals(statement.get("Effect"))));
        var alarmActions = resources(template).values().stream()
                .filter(resource -> "AWS::CloudWatch::Alarm".equals(resource.get("Type")))
                .mapToInt(alarm ->
                        list(map(alarm.get("Properties")).get("AlarmActions")).size())
                .sum();

        // The three alarms of Monitoring, and the cost kill switch's alarm, which acts on two topics.
        assertThat(alarmActions).isEqualTo(Monitoring.ALARM_NAMES.size() + 2);
        assertThat(problems(template))
                .hasSize(alarmActions)
                .allSatisfy(problem -> assertThat(problem).contains("no statement allows cloudwatch.amazonaws.com"));
    }

    @Test
    void a_template_without_alarms_fails_instead_of_passing_on_nothing() {
        assertThat(problems(Map.of("Resources", Map.of()))).containsExactly("the template has no alarm");
    }

    @Test
    void an_alarm_without_an_action_is_reported() {
        var template = Map.<String, Object>of(
                "Resources",
                Map.of("Quiet", Map.of("Type", "AWS::CloudWatch::Alarm", "Properties", Map.of("AlarmName", "quiet"))));

        assertThat(problems(template)).containsExactly("alarm Quiet has no alarm action");
    }

    /** What stands between each alarm and an e-mail; empty when every alarm can publish. */
    static List<String> problems(Map<String, Object> template) {
        var resources = resources(template);
        var problems = new ArrayList<String>();
        var alarms = resources.entrySet().stream()
                .filter(resource ->
                        "AWS::CloudWatch::Alarm".equals(resource.getValue().get("Type")))
                .toList();
        if (alarms.isEmpty()) {
            return List.of("the template has no alarm");
        }
        for (var alarm : alarms) {
            var alarmId = alarm.getKey();
            var alarmProperties = map(alarm.getValue().get("Properties"));
            var actions = list(alarmProperties.get("AlarmActions"));
            if (actions.isEmpty()) {
                problems.add("alarm " + alarmId + " has no alarm action");
                continue;
            }
            for (var action : actions) {
                var topicId = map(action).get("Ref");
                var topic = resources.get(String.valueOf(topicId));
                if (topic == null || !"AWS::SNS::Topic".equals(topic.get("Type"))) {
                    problems.add("alarm " + alarmId + " acts on " + action + ", not a topic of this stack");
                    continue;
                }
                var allowed = policiesOf(resources, topicId).stream()
                        .flatMap(
                                policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                        .map(AlarmNotificationTest::map)
                        .anyMatch(statement -> allowsAlarmToPublish(statement, topicId, alarmProperties));
                if (!allowed) {
                    problems.add("alarm " + alarmId + ": no statement allows cloudwatch.amazonaws.com to sns:Publish"
                            + " to topic " + topicId + " for this account and alarm");
                }
            }
        }
        return problems;
    }

    private static boolean allowsAlarmToPublish(
            Map<String, Object> statement, Object topicId, Map<String, Object> alarmProperties) {
        var condition = map(statement.get("Condition"));
        var sourceArns = list(map(condition.get("ArnEquals")).get("aws:SourceArn"));
        return "Allow".equals(statement.get("Effect"))
                && map(statement.get("Principal")).get("Service").equals("cloudwatch.amazonaws.com")
                && strings(statement.get("Action")).stream().anyMatch(action -> action.equalsIgnoreCase("sns:Publish"))
                && statement.get("Resource").equals(Map.of("Ref", topicId))
                && map(condition.get("StringEquals")).get("aws:SourceAccount").equals(Map.of("Ref", "AWS::AccountId"))
                // The ARN of this very alarm: the alarm's name, as the template builds it, ends the ARN.
                && sourceArns.stream().anyMatch(arn -> arnNamesAlarm(arn, alarmProperties.get("AlarmName")));
    }

    /**
     * An ARN {@code Fn::Join} that ends in the parts of the alarm's name {@code Fn::Join}: CDK writes both as
     * lists of literal strings and references.
     */
    private static boolean arnNamesAlarm(Object arn, Object alarmName) {
        var arnParts = joinParts(arn);
        var nameParts = joinParts(alarmName);
        if (nameParts.isEmpty() || arnParts.size() < nameParts.size() || !arnParts.contains(":alarm:")) {
            return arnParts.equals(nameParts);
        }
        return arnParts.subList(arnParts.size() - nameParts.size(), arnParts.size())
                        .equals(nameParts)
                && arnParts.get(arnParts.size() - nameParts.size() - 1).equals(":alarm:");
    }

    private static List<Object> joinParts(Object value) {
        var join = map(value).get("Fn::Join");
        return join == null ? List.of(value) : list(list(join).get(1));
    }

    private static List<Map<String, Object>> policiesOf(Map<String, Map<String, Object>> resources, Object topicId) {
        return resources.values().stream()
                .filter(resource -> "AWS::SNS::TopicPolicy".equals(resource.get("Type")))
                .map(resource -> map(resource.get("Properties")))
                .filter(properties -> list(properties.get("Topics")).contains(Map.of("Ref", topicId)))
                .toList();
    }

    /** The statements of each topic policy in the template, as the template holds them (the lists can be changed). */
    @SuppressWarnings("unchecked")
    private static List<List<Map<String, Object>>> topicPolicyStatements(Map<String, Object> template) {
        return resources(template).values().stream()
                .filter(resource -> "AWS::SNS::TopicPolicy".equals(resource.get("Type")))
                .map(policy -> (List<Map<String, Object>>)
                        map(map(policy.get("Properties")).get("PolicyDocument")).get("Statement"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : value == null ? List.of() : List.of(value);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    /** A mutable copy, so that a test can break it without touching the shared template. */
    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new HashMap<String, Object>();
            map.forEach((key, item) -> copy.put((String) key, deepCopy(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>();
            list.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }
}
