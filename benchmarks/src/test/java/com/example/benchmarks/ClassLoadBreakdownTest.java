package com.example.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassLoadBreakdownTest {

    @Test
    void each_class_in_the_log_counts_for_the_library_its_package_belongs_to() {
        var log = List.of(
                "[0.010s][info][class,load] java.lang.Object source: shared objects file",
                "[0.300s][info][class,load] io.javalin.Javalin source: file:/labs/lab-04-tracing/target/function.jar",
                "[0.310s][info][class,load] com.amazonaws.xray.AWSXRay source: file:/labs/function.jar",
                "[0.320s][info][class,load] com.amazonaws.serverless.proxy.model.AwsProxyRequest source: file:/f.jar",
                "[0.330s][info][class,load] com.example.pets.PetsApp source: file:/labs/function.jar",
                "[0.340s][info][class,load] com.example.benchmarks.probe.Invoker source: file:/probes.jar",
                "[0.350s][info][class,load] org.yaml.Unknown source: file:/labs/function.jar",
                "[0.351s][info][class,load] com.sun.org.apache.xerces.internal.parsers.SAXParser source: jrt:/java.xml",
                "[0.352s][info][class,load] jdk.internal.net.http.HttpClientImpl source: jrt:/java.net.http",
                "[0.360s][info][gc] not a class line");

        assertThat(ClassLoadBreakdown.count(log))
                .isEqualTo(Map.of(
                        "JDK", 1,
                        "Javalin", 1,
                        "X-Ray SDK", 1,
                        "aws-serverless-java-container", 1,
                        "the course's code", 1,
                        "JDK: XML parser", 1,
                        "JDK: HTTP client", 1,
                        "other", 1));
    }
}
