package com.example.pets.infra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The github-subject command against a local stand-in for GitHub's REST API. */
class GithubSubjectTest {

    /** What a learner sees for a repository created in the autumn of 2026; the README shows this output. */
    static final String NEW_REPOSITORY_OUTPUT = """
            GitHub repository octo-org/pets-api: owner id 1234567, repository id 890123456, created 2026-09-01.
            Created on or after GitHub's switch (2026-07-15): its tokens name it by name and id.

            With -c githubRepositoryIds=1234567/890123456 the PetsApiPipeline roles trust both forms:
              deploy role  repo:octo-org/pets-api:environment:production
                           repo:octo-org@1234567/pets-api@890123456:environment:production
              diff role    repo:octo-org/pets-api:pull_request
                           repo:octo-org@1234567/pets-api@890123456:pull_request

            Deploy the pipeline stack with (in infra/):
              npx cdk deploy PetsApiPipeline -c githubRepository=octo-org/pets-api -c githubRepositoryIds=1234567/890123456
            """;

    private WireMockServer github;

    @BeforeEach
    void start() {
        github = new WireMockServer(options().dynamicPort());
        github.start();
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    private void repository(String name, String createdAt) {
        github.stubFor(get(urlEqualTo("/repos/" + name))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"id\":890123456,\"name\":\"pets-api\",\"full_name\":\"octo-org/pets-api\","
                                + "\"private\":false,\"owner\":{\"login\":\"octo-org\",\"id\":1234567,"
                                + "\"type\":\"Organization\"},\"created_at\":\"" + createdAt + "\"}")));
    }

    private AwsStub.Run run(String token, String... args) {
        return AwsStub.run(out -> GithubSubject.run(List.of(args), URI.create(github.baseUrl()), token, out));
    }

    @Test
    void a_new_repository_gets_its_ids_and_the_command_that_deploys_the_pipeline_with_them() {
        repository("octo-org/pets-api", "2026-09-01T08:15:00Z");

        var run = run(null, "octo-org/pets-api");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo(NEW_REPOSITORY_OUTPUT);
        github.verify(getRequestedFor(urlEqualTo("/repos/octo-org/pets-api"))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void a_private_repository_is_read_with_the_token_and_trusts_pushes_to_main() {
        repository("octo-org/pets-api", "2026-09-01T08:15:00Z");

        var run = run("ghp_example", "octo-org/pets-api", "none");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output())
                .contains("  deploy role  repo:octo-org/pets-api:ref:refs/heads/main\n")
                .contains("               repo:octo-org@1234567/pets-api@890123456:ref:refs/heads/main\n")
                .contains(" -c githubRepositoryIds=1234567/890123456 -c githubEnvironment=none\n");
        github.verify(getRequestedFor(urlEqualTo("/repos/octo-org/pets-api"))
                .withHeader("Authorization", equalTo("Bearer ghp_example")));
    }

    @Test
    void the_subjects_use_githubs_spelling_of_the_name() {
        repository("Octo-Org/Pets-API", "2026-09-01T08:15:00Z");

        var run = run(null, "Octo-Org/Pets-API");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output())
                .contains("-c githubRepository=octo-org/pets-api ")
                .doesNotContain("Octo-Org");
    }

    @Test
    void the_creation_date_says_which_form_the_tokens_carry() {
        assertThat(GithubSubject.form(LocalDate.of(2025, 3, 1))).contains("by name only", "renamed, transferred");
        assertThat(GithubSubject.form(LocalDate.of(2026, 7, 14))).contains("by name only");
        assertThat(GithubSubject.form(LocalDate.of(2026, 7, 15))).contains("by name and id");
    }

    @Test
    void an_unknown_or_private_repository_without_a_token_says_how_to_pass_one() {
        github.stubFor(get(urlEqualTo("/repos/octo-org/secret"))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

        var run = run(null, "octo-org/secret");

        assertThat(run.exitCode()).isOne();
        assertThat(run.output())
                .contains("GitHub knows no repository octo-org/secret", "GITHUB_TOKEN=$(gh auth token)");
    }

    @Test
    void a_rate_limited_request_says_so_in_one_line() {
        github.stubFor(get(urlEqualTo("/repos/octo-org/pets-api"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withBody("{\"message\":\"API rate limit exceeded for 203.0.113.7.\"}")));

        var run = run(null, "octo-org/pets-api");

        assertThat(run.exitCode()).isOne();
        assertThat(run.output())
                .isEqualTo("GitHub answered 403 for octo-org/pets-api: API rate limit exceeded for 203.0.113.7."
                        + " (without a token GitHub allows 60 requests an hour: set GITHUB_TOKEN)\n");
    }

    @Test
    void a_name_that_is_not_owner_slash_name_is_refused_before_any_request() {
        var run = run(null, "octo-org/../../user");

        assertThat(run.exitCode()).isOne();
        assertThat(run.output()).contains("owner/name");
        assertThat(github.getAllServeEvents()).isEmpty();
    }
}
