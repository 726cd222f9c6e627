package com.example.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load test's figures come from Gatling's HTML report; this keeps the reading in step with the format. */
class GatlingReportTest {

    @Test
    void reads_the_all_requests_row() throws Exception {
        var report = GatlingReport.read(
                Path.of(getClass().getResource("/gatling-index.html").toURI()));

        assertThat(report).isEqualTo(new GatlingReport(125, 125, 0, 25, 16, 92, 144, 303));
    }

    @Test
    void a_report_without_statistics_is_an_error(@TempDir Path dir) throws Exception {
        var page = Files.writeString(dir.resolve("index.html"), "<html>Gatling changed its report</html>");

        assertThatThrownBy(() -> GatlingReport.read(page)).hasMessageContaining("No statistics table");
    }
}
