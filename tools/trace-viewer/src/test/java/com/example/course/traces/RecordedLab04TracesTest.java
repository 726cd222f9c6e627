package com.example.course.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What the viewer prints for the datagrams lab-04's API sent for the three requests of its README ("See a trace on
 * your laptop"), recorded from a real run in src/test/resources/recorded/lab-04. lab-04's README shows this output;
 * the course's README check holds it to the text below, line for line.
 */
class RecordedLab04TracesTest {

    private static final String[] DATAGRAMS = {"1-create-pet", "2-get-missing-pet", "3-fail"};

    @Test
    void the_three_requests_of_lab_04s_readme_print_as_its_readme_shows() throws IOException {
        var traces = new Traces();
        for (var name : DATAGRAMS) {
            try (var in = getClass().getResourceAsStream("/recorded/lab-04/" + name + ".datagram")) {
                var datagram = in.readAllBytes();
                traces.add(XRayDatagrams.parse(datagram, 0, datagram.length));
            }
        }
        var output = new ByteArrayOutputStream();
        new TraceViewer(traces, new PrintStream(output, true, StandardCharsets.UTF_8))
                .printSettled(Instant.now().plus(TraceViewer.WITHOUT_ROOT));

        assertThat(output.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        """
                Trace 1-6b171f3d-4135fd4b3cf5402e4624fdcc  (POST /pets, 201, 491.0 ms)
                └─ pets-api  491.0 ms  [Service=pets-api, correlation_id=eb50e1af-cb3b-4a72-9b8c-70c37b062b7a, route=/pets]  HTTP 201
                   └─ ## PetRepository.create  326.0 ms
                      └─ DynamoDb  238.0 ms  PutItem table=pets  HTTP 200

                Trace 1-6b171f3d-a22df5c34c6ef901d1dbc68e  (GET /pets/00000000-0000-4000-8000-000000000000, 404, 93.0 ms)
                └─ pets-api  93.0 ms  [Service=pets-api, correlation_id=2f9af679-4328-4c16-8aa5-eabc9d300591, route=/pets/{id}]  HTTP 404  ! error (client error)
                   └─ ## PetRepository.find  82.0 ms  ! error (client error)
                      └─ DynamoDb  67.0 ms  GetItem table=pets  HTTP 200

                Trace 1-6b171f3d-b351ec313f929e3206a04904  (GET /fail, 500, 11.0 ms)
                └─ pets-api  11.0 ms  [Service=pets-api, correlation_id=5bfa4e51-999c-4981-b4ad-db497dad581b, route=/fail]  HTTP 500  ! fault (server error)  IllegalStateException: Deliberate failure from GET /fail

                """);
    }
}
