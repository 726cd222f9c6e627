package com.example.pets.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings a container starts with: a value the SDKs or DynamoDB would refuse later is refused first, by name. */
class ContainerSettingsTest {

    /** ECS sends SIGKILL 30 s after SIGTERM: requests in flight get 20, and the spans the rest. */
    @Test
    void requests_in_flight_get_20_seconds_after_sigterm_unless_told() {
        assertThat(ContainerSettings.from(Map.of("TABLE_NAME", "pets")).shutdownTimeout())
                .isEqualTo(Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "{0}=\"{1}\"")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            OTEL_EXPORTER_OTLP_ENDPOINT | collector:4318
            OTEL_EXPORTER_OTLP_ENDPOINT | 'http://collector:4318 '
            OTEL_EXPORTER_OTLP_ENDPOINT | ''
            OTEL_EXPORTER_OTLP_ENDPOINT | http://collector:4318/%zz
            OTEL_EXPORTER_OTLP_ENDPOINT | http://collector:4318/^x
            OTEL_EXPORTER_OTLP_ENDPOINT | http://:4318
            AWS_ENDPOINT_URL_DYNAMODB   | localhost:8000
            AWS_ENDPOINT_URL_DYNAMODB   | http:/localhost:8000
            """)
    void an_endpoint_that_is_not_an_http_url_is_refused_with_its_name_and_value(String name, String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContainerSettings.from(Map.of("TABLE_NAME", "pets", name, value)))
                .withMessage(
                        "%s=\"%s\" is not an http:// or https:// URL without spaces; write one, or unset it.",
                        name, value);
    }

    @ParameterizedTest(name = "POWERTOOLS_LOG_LEVEL=\"{0}\"")
    @ValueSource(strings = {"LOUD", "WARNING", ""})
    void a_log_level_logback_would_read_as_debug_is_refused(String level) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContainerSettings.from(Map.of("TABLE_NAME", "pets", "POWERTOOLS_LOG_LEVEL", level)))
                .withMessage(
                        "POWERTOOLS_LOG_LEVEL=\"%s\" is not a log level; set it to TRACE, DEBUG, INFO, WARN or ERROR,"
                                + " or unset it.",
                        level);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "debug", "INFO", "Warn", "ERROR"})
    void the_five_log_levels_are_taken(String level) {
        assertThat(ContainerSettings.from(Map.of("TABLE_NAME", "pets", "POWERTOOLS_LOG_LEVEL", level))
                        .tableName())
                .isEqualTo("pets");
    }

    @ParameterizedTest(name = "TABLE_NAME=\"{0}\"")
    @ValueSource(strings = {"pets ", "pe", "pets/prod", "arn:aws:dynamodb:eu-west-1:123456789012:table/"})
    void a_table_name_dynamodb_would_refuse_is_refused_first(String tableName) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContainerSettings.from(Map.of("TABLE_NAME", tableName)))
                .withMessageStartingWith("TABLE_NAME=\"%s\" is not a DynamoDB table name", tableName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pets", "pets-prod.v2", "arn:aws:dynamodb:eu-west-1:123456789012:table/pets"})
    void table_names_and_table_arns_are_taken(String tableName) {
        assertThat(ContainerSettings.from(Map.of("TABLE_NAME", tableName)).tableName())
                .isEqualTo(tableName);
    }

    @Test
    void endpoints_with_a_scheme_and_a_host_are_taken() {
        var settings = ContainerSettings.from(Map.of(
                "TABLE_NAME", "pets",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "AWS_ENDPOINT_URL_DYNAMODB", "https://dynamodb.eu-west-1.amazonaws.com"));

        assertThat(settings.tableName()).isEqualTo("pets");
    }
}
