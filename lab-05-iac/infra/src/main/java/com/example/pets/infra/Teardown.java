package com.example.pets.infra;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Removes the course from the account and proves it: {@code ../mvnw -q compile exec:java@teardown} in infra/,
 * with {@code -Dexec.args=--bootstrap} to remove the CDK bootstrap too. It deletes the stacks (the API first,
 * the account stack with the budget last), puts API Gateway's logging role setting back to what it was before the
 * account stack changed it, with {@code --bootstrap} also removes the bootstrap's images, stack and versioned bucket,
 * then lists what is still there: resources tagged {@code course=observable-serverless-java} (Resource Groups Tagging
 * API), log groups named after the stacks and a logging role setting that still names the course's role. Exit code 0
 * when nothing is left, 1 with each leftover named, or with one line when a call fails.
 *
 * <p>With {@code --dry-run} it makes read calls only (describe, get, list): each line says what it would delete or
 * change ({@code dry run: would delete stack PetsApi}), then what of the course is there now. Exit code 0, or 1 with
 * one line when a call fails.
 */
public final class Teardown {

    static final String BOOTSTRAP_STACK = "CDKToolkit";

    static final String BOOTSTRAP = "--bootstrap";

    static final String DRY_RUN = "--dry-run";

    /** Log groups the stacks' resources write to, or that Lambda would create on its own. */
    static final List<String> LOG_GROUP_PREFIXES = List.of(CdkApp.STACK_NAME, "/aws/lambda/" + CdkApp.STACK_NAME);

    private final AwsClients clients;
    private final PrintStream out;
    private final boolean dryRun;

    private Teardown(AwsClients clients, PrintStream out, boolean dryRun) {
        this.clients = clients;
        this.out = out;
        this.dryRun = dryRun;
    }

    public static void main(String[] args) {
        System.exit(run(AwsClients::fromEnvironment, List.of(args), System.out));
    }

    static int run(Supplier<AwsClients> clientsSource, List<String> args, PrintStream out) {
        var unknown = args.stream()
                .filter(arg -> !arg.equals(BOOTSTRAP) && !arg.equals(DRY_RUN))
                .toList();
        if (!unknown.isEmpty()) {
            out.println("Unknown option " + unknown.get(0) + ": the options are " + BOOTSTRAP + " (remove the CDK"
                    + " bootstrap too) and " + DRY_RUN + " (list what would be deleted, delete nothing).");
            return 1;
        }
        AwsClients clients;
        try {
            clients = clientsSource.get();
        } catch (RuntimeException e) {
            out.println(AwsErrors.describe(e, "finding the region", "?"));
            return 1;
        }
        return new Teardown(clients, out, args.contains(DRY_RUN)).teardown(args.contains(BOOTSTRAP));
    }

    /** A call failed: its one-line description. */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }

    private int teardown(boolean bootstrap) {
        var region = clients.region().id();
        try {
            String account;
            try (var sts = clients.sts()) {
                account = call(
                        "sts:GetCallerIdentity", () -> sts.getCallerIdentity().account());
            }
            out.println("Pets API teardown in account " + account + ", region " + region + "."
                    + (dryRun ? " Dry run: it lists what it would delete, and changes nothing." : ""));
            out.println();
            Optional<Stack> accountStack = Optional.empty();
            for (var stack : CdkApp.STACKS_IN_DELETION_ORDER) {
                var deleted = deleteStack(stack);
                if (stack.equals(CdkApp.ACCOUNT_STACK_NAME)) {
                    accountStack = deleted;
                }
            }
            restoreLoggingRole(accountStack);
            if (bootstrap) {
                removeBootstrap();
            } else {
                report(
                        "kept",
                        BOOTSTRAP_STACK + " (the CDK bootstrap, shared by every CDK app here; --bootstrap"
                                + " removes it)");
            }

            out.println();
            if (dryRun) {
                return dryRunFound();
            }
            out.println("Looking for leftovers: resources tagged course=" + PetsStack.COURSE + ", log groups named "
                    + String.join("*, ", LOG_GROUP_PREFIXES) + "*, API Gateway's logging role setting");
            var leftovers = leftovers();
            leftovers.forEach(leftover -> report("LEFT", leftover));
            out.println();
            if (leftovers.isEmpty()) {
                out.println("Nothing of the course is left in " + account + " " + region + ".");
                return 0;
            }
            out.println(leftovers.size() + " leftover(s), listed above: delete them and run the teardown again."
                    + " One that its service says is gone is a stale entry of the tagging API, which can list deleted"
                    + " resources for hours.");
            return 1;
        } catch (Stop stop) {
            out.println(stop.getMessage());
            return 1;
        }
    }

    /** Deletes a stack and waits for it; returns the stack as it was before, empty when it was not deployed. */
    private Optional<Stack> deleteStack(String name) {
        try (var cloudFormation = clients.cloudFormation()) {
            var stack = describe(name);
            if (stack.isEmpty()) {
                report("gone", "stack " + name + " (not deployed)");
                return stack;
            }
            if (dryRun) {
                would("delete stack " + name + " (" + stack.get().stackStatusAsString() + ")");
                return stack;
            }
            call("cloudformation:DeleteStack", () -> cloudFormation.deleteStack(request -> request.stackName(name)));
            try {
                // Polls DescribeStacks (every 30 s in the SDK's waiter) until the stack is gone or DELETE_FAILED.
                cloudFormation.waiter().waitUntilStackDeleteComplete(request -> request.stackName(name));
            } catch (SdkClientException e) {
                var left = describe(name);
                if (left.isPresent()) {
                    throw new Stop("Stack " + name + " could not be deleted ("
                            + left.get().stackStatusAsString()
                            + ": " + left.get().stackStatusReason() + "). Its events in the CloudFormation console"
                            + " name the resource; fix that and run the teardown again.");
                }
                throw new Stop(AwsErrors.describe(
                        e, "cloudformation:DescribeStacks", clients.region().id()));
            } catch (RuntimeException e) {
                throw new Stop(AwsErrors.describe(
                        e, "cloudformation:DescribeStacks", clients.region().id()));
            }
            report("deleted", "stack " + name);
            return stack;
        }
    }

    /**
     * API Gateway's logging role is a setting of the account and region, and deleting the account stack leaves it
     * naming the deleted role. When it names the course's role, it goes back to the role the account stack's
     * {@value AccountStack#PREVIOUS_LOGGING_ROLE_PARAMETER} parameter recorded, or is cleared when there was none (a
     * {@code replace} without a value, as the Terraform AWS provider resets it). A role of someone else stays.
     */
    private void restoreLoggingRole(Optional<Stack> accountStack) {
        try (var apiGateway = clients.apiGateway()) {
            var role = call("apigateway:GET /account", () -> apiGateway.getAccount(request -> {}))
                    .cloudwatchRoleArn();
            if (role == null || role.isBlank()) {
                return;
            }
            if (!AccountStack.isLoggingRole(role)) {
                report("kept", "API Gateway's logging role " + role + " (not the course's)");
                return;
            }
            var previous = accountStack.flatMap(Teardown::previousLoggingRole);
            if (dryRun) {
                would((previous.isPresent() ? "restore" : "clear") + " API Gateway's logging role setting, which names "
                        + CdkApp.ACCOUNT_STACK_NAME + "'s role"
                        + previous.map(arn -> ": back to " + arn + ", the role it had before")
                                .orElse(
                                        accountStack.isPresent()
                                                ? " (the account had none before)"
                                                : " (" + CdkApp.ACCOUNT_STACK_NAME + " is gone: no earlier role on"
                                                        + " record)"));
                return;
            }
            var patch = PatchOperation.builder().op(Op.REPLACE).path("/cloudwatchRoleArn");
            previous.ifPresent(patch::value);
            try {
                apiGateway.updateAccount(request -> request.patchOperations(patch.build()));
            } catch (BadRequestException e) {
                // Refused (a role that is gone, or that API Gateway may not assume): the leftover check names it.
                report(
                        "failed",
                        AwsErrors.describe(
                                e, "apigateway:PATCH /account", clients.region().id()));
                return;
            } catch (RuntimeException e) {
                throw new Stop(AwsErrors.describe(
                        e, "apigateway:PATCH /account", clients.region().id()));
            }
            report(
                    previous.isPresent() ? "restored" : "cleared",
                    "API Gateway's logging role setting, which named " + CdkApp.ACCOUNT_STACK_NAME + "'s deleted role"
                            + previous.map(arn -> ": back to " + arn + ", the role it had before")
                                    .orElse(
                                            accountStack.isPresent()
                                                    ? " (the account had none before)"
                                                    : " (" + CdkApp.ACCOUNT_STACK_NAME
                                                            + " was gone already: no earlier role" + " on record)"));
        }
    }

    /** The role the account stack recorded as the one before its own, if any. */
    private static Optional<String> previousLoggingRole(Stack accountStack) {
        return accountStack.parameters().stream()
                .filter(parameter -> parameter.parameterKey().equals(AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER))
                .map(Parameter::parameterValue)
                .filter(arn -> arn != null && !arn.isBlank() && !AccountStack.isLoggingRole(arn))
                .findFirst();
    }

    private Optional<Stack> describe(String name) {
        try (var cloudFormation = clients.cloudFormation()) {
            return Optional.of(cloudFormation
                    .describeStacks(request -> request.stackName(name))
                    .stacks()
                    .get(0));
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null
                    && "ValidationError".equals(e.awsErrorDetails().errorCode())
                    && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw new Stop(AwsErrors.describe(
                    e, "cloudformation:DescribeStacks", clients.region().id()));
        } catch (RuntimeException e) {
            throw new Stop(AwsErrors.describe(
                    e, "cloudformation:DescribeStacks", clients.region().id()));
        }
    }

    /**
     * The bootstrap bucket is versioned and kept when its stack is deleted, so every object version and delete
     * marker goes first, then the bucket; the image repository must be empty before its stack can delete it.
     */
    private void removeBootstrap() {
        var toolkit = describe(BOOTSTRAP_STACK);
        if (toolkit.isEmpty()) {
            report("gone", "stack " + BOOTSTRAP_STACK + " (not bootstrapped)");
            return;
        }
        // CloudFormation deletes a stack with the bootstrap's role: a later lab's stack left without it cannot go.
        var othersLeft = tagged().stream()
                .filter(resource -> resource.startsWith("arn:aws:cloudformation:"))
                .filter(stack -> !CdkApp.STACKS_IN_DELETION_ORDER.contains(stack.split("/")[1]))
                .toList();
        if (!othersLeft.isEmpty()) {
            throw new Stop("Kept " + BOOTSTRAP_STACK
                    + ": these stacks of the course still need its role to be deleted: "
                    + String.join("; ", othersLeft) + ". Run the teardown of the lab each names (or of a later lab),"
                    + " then this one again.");
        }
        var outputs = new HashMap<String, String>();
        toolkit.get().outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
        var repository = outputs.get("ImageRepositoryName");
        if (repository != null) {
            var images = deleteImages(repository);
            if (dryRun) {
                would("empty repository " + repository + ": " + images + " image(s)");
            } else {
                report("emptied", "repository " + repository + ": " + images + " image(s) deleted");
            }
        }
        deleteStack(BOOTSTRAP_STACK);
        var bucket = outputs.get("BucketName");
        if (bucket != null) {
            emptyAndDeleteBucket(bucket);
        }
    }

    /** Deletes every image of the repository (counts them in a dry run); returns how many there were. */
    private int deleteImages(String repository) {
        try (var ecr = clients.ecr()) {
            var images = new ArrayList<ImageIdentifier>();
            try {
                ecr.listImagesPaginator(request -> request.repositoryName(repository))
                        .imageIds()
                        .forEach(images::add);
            } catch (RepositoryNotFoundException e) {
                return 0;
            } catch (RuntimeException e) {
                throw new Stop(
                        AwsErrors.describe(e, "ecr:ListImages", clients.region().id()));
            }
            if (dryRun) {
                return images.size();
            }
            for (int from = 0; from < images.size(); from += 100) {
                var batch = images.subList(from, Math.min(images.size(), from + 100));
                call(
                        "ecr:BatchDeleteImage",
                        () -> ecr.batchDeleteImage(
                                request -> request.repositoryName(repository).imageIds(batch)));
            }
            return images.size();
        }
    }

    private void emptyAndDeleteBucket(String bucket) {
        try (var s3 = clients.s3()) {
            var versions = new ArrayList<ObjectIdentifier>();
            var markers = new int[1];
            try {
                s3.listObjectVersionsPaginator(request -> request.bucket(bucket))
                        .forEach(page -> {
                            page.versions()
                                    .forEach(version -> versions.add(ObjectIdentifier.builder()
                                            .key(version.key())
                                            .versionId(version.versionId())
                                            .build()));
                            page.deleteMarkers().forEach(marker -> {
                                versions.add(ObjectIdentifier.builder()
                                        .key(marker.key())
                                        .versionId(marker.versionId())
                                        .build());
                                markers[0]++;
                            });
                        });
            } catch (NoSuchBucketException e) {
                report("gone", "bucket " + bucket);
                return;
            } catch (RuntimeException e) {
                throw new Stop(AwsErrors.describe(
                        e, "s3:ListBucketVersions", clients.region().id()));
            }
            if (dryRun) {
                would("empty bucket " + bucket + ": " + (versions.size() - markers[0]) + " object version(s) and "
                        + markers[0] + " delete marker(s)");
                would("delete bucket " + bucket);
                return;
            }
            for (int from = 0; from < versions.size(); from += 1000) {
                var batch = versions.subList(from, Math.min(versions.size(), from + 1000));
                var refused = call(
                                "s3:DeleteObjectVersion",
                                () -> s3.deleteObjects(request -> request.bucket(bucket)
                                        .delete(Delete.builder()
                                                .objects(batch)
                                                .quiet(true)
                                                .build())))
                        .errors();
                // Quiet, S3 answers only what it did not delete, with a 200: the bucket cannot go while they stay.
                if (!refused.isEmpty()) {
                    throw new Stop("Bucket " + bucket + " could not be emptied: S3 kept " + refused.size()
                            + " object version(s), "
                            + refused.stream()
                                    .map(error -> error.key() + " (" + error.code() + ": " + error.message() + ")")
                                    .collect(Collectors.joining(", ")));
                }
            }
            report(
                    "emptied",
                    "bucket " + bucket + ": " + (versions.size() - markers[0]) + " object version(s) and " + markers[0]
                            + " delete marker(s) deleted");
            call("s3:DeleteBucket", () -> s3.deleteBucket(request -> request.bucket(bucket)));
            report("deleted", "bucket " + bucket);
        }
    }

    /**
     * A dry run deleted nothing, so what the leftover check finds is mostly what the stacks above hold: it is listed
     * as there now. API Gateway's logging role setting is left out: the line above says what would happen to it.
     */
    private int dryRunFound() {
        out.println("There now: resources tagged course=" + PetsStack.COURSE + ", log groups named "
                + String.join("*, ", LOG_GROUP_PREFIXES) + "*. The stacks above delete theirs; a real run reports the"
                + " rest as leftovers.");
        var found = found();
        found.forEach(item -> report("there", item));
        if (found.isEmpty()) {
            report("there", "nothing");
        }
        out.println();
        out.println("Dry run: nothing was changed. Run without " + DRY_RUN + " to delete what is listed above.");
        return 0;
    }

    private List<String> leftovers() {
        var leftovers = new ArrayList<String>(tagged());
        try (var apiGateway = clients.apiGateway()) {
            var role = call("apigateway:GET /account", () -> apiGateway.getAccount(request -> {}))
                    .cloudwatchRoleArn();
            if (AccountStack.isLoggingRole(role)) {
                leftovers.add("API Gateway's logging role setting, which names " + role + " (deleted with "
                        + CdkApp.ACCOUNT_STACK_NAME + "): set a role of yours with aws apigateway update-account"
                        + " --patch-operations op=replace,path=/cloudwatchRoleArn,value=<its ARN>");
            }
        }
        leftovers.addAll(logGroups());
        return leftovers.stream().distinct().toList();
    }

    /** What of the course is there, found by its tag and by log group name. */
    private List<String> found() {
        var found = new ArrayList<String>(tagged());
        found.addAll(logGroups());
        return found.stream().distinct().toList();
    }

    private List<String> tagged() {
        var tagged = new ArrayList<String>();
        try (var tagging = clients.tagging()) {
            call("tag:GetResources", () -> {
                tagging.getResourcesPaginator(request -> request.tagFilters(TagFilter.builder()
                                .key("course")
                                .values(PetsStack.COURSE)
                                .build()))
                        .resourceTagMappingList()
                        .forEach(mapping -> tagged.add(mapping.resourceARN() + " (tagged course="
                                + PetsStack.COURSE
                                + tags(mapping.tags().stream()
                                        .filter(tag -> tag.key().equals("lab"))
                                        .collect(Collectors.toMap(tag -> tag.key(), tag -> tag.value())))
                                + ")"));
                return null;
            });
        }
        return tagged;
    }

    private List<String> logGroups() {
        var groups = new ArrayList<String>();
        try (var logs = clients.logs()) {
            for (var prefix : LOG_GROUP_PREFIXES) {
                call("logs:DescribeLogGroups", () -> {
                    logs.describeLogGroupsPaginator(request -> request.logGroupNamePrefix(prefix))
                            .logGroups()
                            .forEach(group -> groups.add("log group " + group.logGroupName() + " ("
                                    + String.format(Locale.ROOT, "%,d", group.storedBytes()) + " bytes stored)"));
                    return null;
                });
            }
        }
        return groups;
    }

    private static String tags(Map<String, String> tags) {
        return tags.isEmpty() ? "" : ", lab=" + tags.get("lab");
    }

    private void report(String what, String text) {
        out.println(String.format(Locale.ROOT, "  %-8s %s", what, text));
    }

    /** A dry run's line for what a real run would do: {@code dry run: would delete stack PetsApi (CREATE_COMPLETE)}. */
    private void would(String what) {
        report("dry run:", "would " + what);
    }

    private <T> T call(String call, Supplier<T> action) {
        try {
            return action.get();
        } catch (Stop stop) {
            throw stop;
        } catch (RuntimeException e) {
            throw new Stop(AwsErrors.describe(e, call, clients.region().id()));
        }
    }
}
