package com.example.pets.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Prints what a repository's jobs are called in GitHub's OIDC tokens, and the context that makes the
 * {@code PetsApiPipeline} roles trust them: {@code ../mvnw -q compile exec:java@github-subject
 * -Dexec.args="owner/name"} in infra/, with {@code none} after the name for a repository whose deploy job runs
 * without an environment ({@code -c githubEnvironment=none}).
 *
 * <p>Repositories created on or after 2026-07-15, and older ones once renamed, transferred or opted in, name themselves
 * by name and immutable id ({@code repo:OWNER@OWNER_ID/NAME@REPO_ID:...}); a role that trusts only the name refuses all
 * their tokens. The ids come from GitHub's REST API ({@code GET /repos/OWNER/NAME}: {@code owner.id} and {@code id}),
 * without a token for a public repository; a private one needs {@code GITHUB_TOKEN} (for example {@code
 * GITHUB_TOKEN=$(gh auth token)}). Exit code 0 when the subjects were printed, 1 otherwise.
 */
public final class GithubSubject {

    static final URI GITHUB_API = URI.create("https://api.github.com");

    /**
     * Repositories created (or renamed) on or after this day send ids: GitHub's OIDC reference and the
     * configure-aws-credentials README (its changelog of 2026-04-23 first announced 2026-06-18).
     */
    static final LocalDate SWITCH = LocalDate.of(2026, 7, 15);

    /** The repository as GitHub's API describes it. */
    record Repository(String fullName, long ownerId, long id, LocalDate created) {

        String ids() {
            return ownerId + "/" + id;
        }
    }

    private GithubSubject() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), GITHUB_API, System.getenv("GITHUB_TOKEN"), System.out));
    }

    static int run(List<String> args, URI api, String token, PrintStream out) {
        if (args.isEmpty() || args.size() > 2) {
            out.println("Usage: ../mvnw -q compile exec:java@github-subject -Dexec.args=\"owner/name [none]\"");
            return 1;
        }
        var environment = args.size() == 2 ? args.get(1) : null;
        try {
            // The stack's own checks, before the name goes into a URL.
            access(args.get(0), null, environment);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        }

        Repository repository;
        try {
            repository = lookUp(api, args.get(0), token, out);
        } catch (IOException e) {
            out.println("Could not read " + api + "/repos/" + args.get(0) + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (repository == null) {
            return 1;
        }

        print(repository, access(repository.fullName(), repository.ids(), environment), environment, out);
        return 0;
    }

    /** What {@code CdkApp.assemblePipeline} builds from the same context. */
    private static GithubDeployRole.Props access(String repository, String ids, String environment) {
        var access = GithubDeployRole.Props.builder().repository(repository).repositoryIds(ids);
        if (environment != null) {
            access.environment(environment.equals(CdkApp.NO_ENVIRONMENT) ? null : environment);
        }
        return access.build();
    }

    /** The repository, or {@code null} after saying why GitHub did not describe it. */
    static Repository lookUp(URI api, String name, String token, PrintStream out)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(api + "/repos/" + name))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        HttpResponse<String> response;
        try (var client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() == 404) {
            out.println("GitHub knows no repository " + name
                    + (token == null || token.isBlank()
                            ? ". A private repository is visible only with a token: GITHUB_TOKEN=$(gh auth token) ../mvnw"
                                    + " -q compile exec:java@github-subject -Dexec.args=\"" + name + "\""
                            : " that this token can read."));
            return null;
        }
        if (response.statusCode() != 200) {
            out.println("GitHub answered " + response.statusCode() + " for " + name + ": " + message(response.body())
                    + (response.statusCode() == 403 || response.statusCode() == 429
                            ? " (without a token GitHub allows 60 requests an hour: set GITHUB_TOKEN)"
                            : ""));
            return null;
        }
        return parse(response.body());
    }

    static Repository parse(String body) throws IOException {
        // Jackson comes with the CDK's Java bridge (jsii-runtime).
        var json = new ObjectMapper().readTree(body);
        var ownerId = json.path("owner").path("id");
        var id = json.path("id");
        if (!json.path("full_name").isTextual() || !ownerId.canConvertToLong() || !id.canConvertToLong()) {
            throw new IOException("no full_name, owner.id and id in GitHub's answer");
        }
        try {
            var created = Instant.parse(json.path("created_at").asText())
                    .atZone(ZoneOffset.UTC)
                    .toLocalDate();
            return new Repository(json.path("full_name").asText(), ownerId.asLong(), id.asLong(), created);
        } catch (DateTimeParseException e) {
            throw new IOException("no created_at in GitHub's answer", e);
        }
    }

    private static String message(String body) {
        try {
            JsonNode json = new ObjectMapper().readTree(body);
            return json.path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static void print(
            Repository repository, GithubDeployRole.Props access, String environment, PrintStream out) {
        var deploy = access.subjects(access.deployJob());
        var diff = access.subjects(GithubDeployRole.PULL_REQUEST);
        out.println("GitHub repository " + repository.fullName() + ": owner id " + repository.ownerId()
                + ", repository id " + repository.id() + ", created " + repository.created() + ".");
        out.println(form(repository.created()));
        out.println();
        out.println("With -c githubRepositoryIds=" + repository.ids() + " the PetsApiPipeline roles trust both forms:");
        out.println("  deploy role  " + deploy.get(0));
        out.println("               " + deploy.get(1));
        out.println("  diff role    " + diff.get(0));
        out.println("               " + diff.get(1));
        out.println();
        out.println("Deploy the pipeline stack with (in infra/):");
        out.println("  npx cdk deploy PetsApiPipeline -c githubRepository=" + repository.fullName()
                + " -c githubRepositoryIds=" + repository.ids()
                + (environment != null ? " -c githubEnvironment=" + environment : ""));
    }

    /** Which form the repository's tokens carry, as far as its creation date tells. */
    static String form(LocalDate created) {
        if (!created.isBefore(SWITCH)) {
            return "Created on or after GitHub's switch (" + SWITCH + "): its tokens name it by name and id.";
        }
        return "Created before GitHub's switch (" + SWITCH + "): its tokens name it by name only,"
                + " unless it was renamed, transferred or opted in since.";
    }
}
