package com.example.benchmarks.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * A client's whole life with one pet, at a sustained arrival rate: create it, read it, list, rename it with
 * {@code If-Match}, and delete it. Each check names the status a correct API answers, so anything else counts as an
 * error in the report. Settings come from system properties, set by {@code LoadTest}.
 */
public class PetsCrudSimulation extends Simulation {

    public static final String BASE_URL = "pets.load.baseUrl";
    public static final String USERS_PER_SECOND = "pets.load.usersPerSecond";
    public static final String SECONDS = "pets.load.seconds";

    /** Requests each virtual user sends: the arrival rate times this is the request rate. */
    public static final int REQUESTS_PER_USER = 5;

    private final HttpProtocolBuilder protocol = http.baseUrl(System.getProperty(BASE_URL))
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            // The warm-up request would go to gatling.io; the target is only ever this machine.
            .disableWarmUp();

    private final ScenarioBuilder crud = scenario("Pets CRUD")
            .exec(http("create")
                    .post("/pets")
                    .body(StringBody("{\"name\":\"Rex\",\"kind\":\"dog\"}"))
                    .check(status().is(201), jsonPath("$.id").saveAs("id")))
            .exec(http("get")
                    .get("/pets/#{id}")
                    .check(status().is(200), header("ETag").is("\"1\"")))
            .exec(http("list").get("/pets?limit=10").check(status().is(200)))
            .exec(http("update")
                    .patch("/pets/#{id}")
                    .header("If-Match", "\"1\"")
                    .body(StringBody("{\"name\":\"Rex the Second\"}"))
                    .check(status().is(200)))
            .exec(http("delete").delete("/pets/#{id}").check(status().is(204)));

    {
        var usersPerSecond = Double.parseDouble(System.getProperty(USERS_PER_SECOND));
        var duration = Duration.ofSeconds(Long.parseLong(System.getProperty(SECONDS)));
        setUp(crud.injectOpen(constantUsersPerSec(usersPerSecond).during(duration)))
                .protocols(protocol);
    }
}
