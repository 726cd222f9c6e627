package com.example.pets.exercises;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.Requests.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Problems;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exercise 3 of lab-01 (SOLUTIONS.md): a {@code kind} sent as a JSON array is a 400 naming {@code kind}. */
class KindAsArrayTest {

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    @ParameterizedTest(name = "through {0}")
    @EnumSource(FrontDoor.class)
    void a_kind_that_is_an_array_is_a_400_naming_kind_and_stores_nothing(FrontDoor door) {
        door.test(app, (server, client) -> {
            var response = client.request(
                    "/pets", withBody("POST", "application/json", "{\"name\":\"Rex\",\"kind\":[\"dog\"]}"));

            var problem = assertProblem(
                    header(response, "Content-Type"), response.body().string(), 400);
            assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("kind");
            var list = client.get("/pets");
            assertThat(list.code()).isEqualTo(200);
            assertThat(Problems.parse(list.body().string()).get("items"))
                    .isNotNull()
                    .isEmpty();
        });
    }
}
