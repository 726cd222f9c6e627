package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class CustomMetricTest {

    @Test
    void each_line_names_a_metric_its_dimensions_and_its_series() {
        var metrics = CustomMetric.parse(
                List.of("metric,unit,dimensions,series", "RequestCount,Count,service;environment;route,6", ""));

        assertThat(metrics)
                .containsExactly(
                        new CustomMetric("RequestCount", "Count", List.of("service", "environment", "route"), 6));
    }

    @Test
    void a_file_without_the_header_is_rejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CustomMetric.parse(List.of("ColdStart,Count,service,1")))
                .withMessageContaining(CustomMetric.HEADER);
    }

    @Test
    void a_line_without_a_number_of_series_is_rejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CustomMetric.parse(List.of(CustomMetric.HEADER, "ColdStart,Count,service,many")))
                .withMessageContaining("ColdStart");
    }

    @Test
    void the_lab_lists_every_metric_the_application_emits() {
        assertThat(CustomMetric.read(CdkApp.CUSTOM_METRICS_CSV))
                .extracting(CustomMetric::name)
                .contains("ColdStart", "CreatedPets", "UnhandledExceptions", "RequestCount");
    }
}
