package com.example.pets.infra;

import java.util.Optional;
import java.util.function.Function;

/**
 * The context keys of the container stack ({@code PetsApiContainer}), which the app has only when asked for:
 *
 * <ul>
 *   <li>{@code container=true}: the stack with the image repository only, to push the first image to;
 *   <li>{@code imageDigest=sha256:...}: the stack with the service too, running that image (implies
 *       {@code container=true}); a digest, never a tag, so a deployment names exactly one image;
 *   <li>{@code scaleToZeroAt}: when the service goes to zero tasks, as Application Auto Scaling's schedule expression
 *       ({@code cron(...)} or {@code at(...)}, UTC); {@value #DEFAULT_SCALE_TO_ZERO_AT} by default, {@code off} for
 *       never.
 * </ul>
 */
record ContainerConfig(boolean enabled, Optional<String> imageDigest, Optional<String> scaleToZeroAt) {

    static final String CONTAINER_KEY = "container";
    static final String IMAGE_DIGEST_KEY = "imageDigest";
    static final String SCALE_TO_ZERO_KEY = "scaleToZeroAt";

    /** Every day at 20:00 UTC: a task left running after a lab session stops the same evening. */
    static final String DEFAULT_SCALE_TO_ZERO_AT = "cron(0 20 * * ? *)";

    static final ContainerConfig OFF = new ContainerConfig(false, Optional.empty(), Optional.empty());

    static ContainerConfig fromContext(Function<String, Object> context) {
        var digest = text(context.apply(IMAGE_DIGEST_KEY));
        var container = text(context.apply(CONTAINER_KEY));
        if (container.isPresent() && !container.get().matches("true|false")) {
            throw new IllegalArgumentException(CONTAINER_KEY + " must be true or false, was " + container.get());
        }
        if (digest.isPresent() && !digest.get().matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException(IMAGE_DIGEST_KEY + " must be an image digest, sha256: and 64 hex"
                    + " digits (what jib:build prints and target/jib-image.digest holds), was " + digest.get());
        }
        var enabled = digest.isPresent() || container.map(Boolean::parseBoolean).orElse(false);
        var schedule = text(context.apply(SCALE_TO_ZERO_KEY)).orElse(DEFAULT_SCALE_TO_ZERO_AT);
        if (!schedule.equals("off") && !schedule.matches("(cron|at)\\(.+\\)")) {
            throw new IllegalArgumentException(
                    SCALE_TO_ZERO_KEY + " must be cron(...), at(...) or off, was " + schedule);
        }
        return new ContainerConfig(enabled, digest, schedule.equals("off") ? Optional.empty() : Optional.of(schedule));
    }

    private static Optional<String> text(Object value) {
        return value == null || value.toString().isBlank()
                ? Optional.empty()
                : Optional.of(value.toString().strip());
    }
}
