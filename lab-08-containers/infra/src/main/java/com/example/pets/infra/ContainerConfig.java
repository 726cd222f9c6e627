package com.example.pets.infra;

import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * The context keys of the container stack ({@code PetsApiContainer}), which the app has only when asked for:
 *
 * <ul>
 *   <li>{@code container=true}: the stack with the image repository only, to push the first image to;
 *   <li>{@code imageDigest=sha256:...}: the stack with the service too, running that image (implies
 *       {@code container=true}); a digest, never a tag, so a deployment names exactly one image. It is the default
 *       of the stack's {@code ImageDigest} parameter, which {@code cdk deploy --parameters} can override;
 *   <li>{@code container=service}: the stack with the service, its {@code ImageDigest} parameter without a default:
 *       what the deploy workflow synthesizes without credentials before it has pushed the image, and deploys with
 *       {@code --parameters PetsApiContainer:ImageDigest=sha256:...};
 *   <li>{@code scaleToZeroAt}: when the service goes to zero tasks, as Application Auto Scaling's schedule expression
 *       ({@code cron(...)} or {@code at(...)}); {@value #DEFAULT_SCALE_TO_ZERO_AT} by default, {@code off} for never;
 *   <li>{@code scaleToZeroTimeZone}: the time zone that expression is read in, an IANA name such as
 *       {@code Europe/Paris} or {@code America/Los_Angeles}; {@value #DEFAULT_TIME_ZONE} by default.
 * </ul>
 */
record ContainerConfig(
        boolean enabled,
        boolean service,
        Optional<String> imageDigest,
        Optional<String> scaleToZeroAt,
        String scaleToZeroTimeZone) {

    static final String CONTAINER_KEY = "container";
    static final String IMAGE_DIGEST_KEY = "imageDigest";
    static final String SCALE_TO_ZERO_KEY = "scaleToZeroAt";
    static final String TIME_ZONE_KEY = "scaleToZeroTimeZone";

    /** Every day at 20:00: a task left running after a lab session stops the same evening, in your time zone. */
    static final String DEFAULT_SCALE_TO_ZERO_AT = "cron(0 20 * * ? *)";

    static final String DEFAULT_TIME_ZONE = "UTC";

    /** What an image digest looks like: the {@code ImageDigest} parameter's allowed pattern too. */
    static final String DIGEST_PATTERN = "sha256:[0-9a-f]{64}";

    static final ContainerConfig OFF =
            new ContainerConfig(false, false, Optional.empty(), Optional.empty(), DEFAULT_TIME_ZONE);

    static ContainerConfig fromContext(Function<String, Object> context) {
        var digest = text(context.apply(IMAGE_DIGEST_KEY));
        var container = text(context.apply(CONTAINER_KEY));
        if (container.isPresent() && !container.get().matches("true|false|service")) {
            throw new IllegalArgumentException(
                    CONTAINER_KEY + " must be true, false or service, was " + container.get());
        }
        if (digest.isPresent() && !digest.get().matches(DIGEST_PATTERN)) {
            throw new IllegalArgumentException(IMAGE_DIGEST_KEY + " must be an image digest, sha256: and 64 hex"
                    + " digits (what jib:build prints and target/jib-image.digest holds), was " + digest.get());
        }
        var service = digest.isPresent() || container.filter("service"::equals).isPresent();
        var enabled = service || container.filter("true"::equals).isPresent();
        var schedule = text(context.apply(SCALE_TO_ZERO_KEY)).orElse(DEFAULT_SCALE_TO_ZERO_AT);
        if (!schedule.equals("off") && !schedule.matches("(cron|at)\\(.+\\)")) {
            throw new IllegalArgumentException(
                    SCALE_TO_ZERO_KEY + " must be cron(...), at(...) or off, was " + schedule);
        }
        var timeZone = text(context.apply(TIME_ZONE_KEY)).orElse(DEFAULT_TIME_ZONE);
        // Java also knows SystemV/ zones, which are not IANA's and which Application Auto Scaling does not take.
        if (!ZoneId.getAvailableZoneIds().contains(timeZone) || timeZone.startsWith("SystemV/")) {
            throw new IllegalArgumentException(TIME_ZONE_KEY + " must be a time zone's IANA name, such as Europe/Paris"
                    + " or America/Los_Angeles, was " + timeZone);
        }
        return new ContainerConfig(
                enabled, service, digest, schedule.equals("off") ? Optional.empty() : Optional.of(schedule), timeZone);
    }

    private static Optional<String> text(Object value) {
        return value == null || value.toString().isBlank()
                ? Optional.empty()
                : Optional.of(value.toString().strip());
    }
}
