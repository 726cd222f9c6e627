package com.example.pets.infra;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one list of regions the course's stacks deploy to: those where CloudFormation knows every resource
 * type they use and Lambda offers SnapStart for Java. Two things rule regions out today:
 *
 * <ul>
 *   <li>{@code AWS::Budgets::Budget} is missing from CloudFormation in many regions ("Unrecognized resource
 *       types"). Source: CloudFormation's resource schemas per region, as cfn-lint 1.51.0 ships them
 *       (https://github.com/aws-cloudformation/cfn-lint, src/cfnlint/data/schemas/providers/REGION), and for
 *       one of them https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2177.
 *   <li>Lambda SnapStart is available in every commercial region except Asia Pacific (New Zealand) and Asia
 *       Pacific (Taipei): https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html ("Supported Regions").
 * </ul>
 *
 * Everything else the stacks use (Lambda java25 on arm64, API Gateway REST APIs, DynamoDB, X-Ray, CloudWatch,
 * SNS) is in every region on the supported list, and so is the ADOT collector layer the function runs
 * ({@link CollectorLayer#PUBLISHED_REGIONS}; CollectorLayerTest fails for a supported region without it).
 */
final class Regions {

    static final String NO_BUDGETS = "CloudFormation has no AWS::Budgets::Budget";
    static final String NO_SNAPSTART = "Lambda has no SnapStart";

    /** Where the course's prices are quoted; any supported region works as well. */
    static final String RECOMMENDED = "us-east-1";

    /** A commercial region, where it is, and what the stacks need that it lacks (empty: supported). */
    record Region(String code, String place, double latitude, double longitude, List<String> missing) {

        boolean supported() {
            return missing.isEmpty();
        }

        String named() {
            return code + " (" + place + ")";
        }
    }

    static final List<Region> ALL = List.of(
            region("us-east-1", "N. Virginia", 38.9, -77.4),
            region("us-east-2", "Ohio", 40.0, -83.0),
            region("us-west-1", "N. California", 37.4, -121.9),
            region("us-west-2", "Oregon", 45.8, -119.7),
            region("ca-central-1", "Canada Central", 45.5, -73.6),
            region("ca-west-1", "Calgary", 51.0, -114.1, NO_BUDGETS),
            region("mx-central-1", "Mexico", 20.6, -100.4, NO_BUDGETS),
            region("sa-east-1", "Sao Paulo", -23.5, -46.6),
            region("eu-west-1", "Ireland", 53.3, -6.3),
            region("eu-west-2", "London", 51.5, -0.1),
            region("eu-west-3", "Paris", 48.9, 2.4),
            region("eu-central-1", "Frankfurt", 50.1, 8.7),
            region("eu-central-2", "Zurich", 47.4, 8.5, NO_BUDGETS),
            region("eu-north-1", "Stockholm", 59.3, 18.1, NO_BUDGETS),
            region("eu-south-1", "Milan", 45.5, 9.2, NO_BUDGETS),
            region("eu-south-2", "Spain", 41.6, -0.9, NO_BUDGETS),
            region("il-central-1", "Tel Aviv", 32.1, 34.8, NO_BUDGETS),
            region("me-south-1", "Bahrain", 26.1, 50.6, NO_BUDGETS),
            region("me-central-1", "UAE", 24.5, 54.4, NO_BUDGETS),
            region("af-south-1", "Cape Town", -33.9, 18.4, NO_BUDGETS),
            region("ap-south-1", "Mumbai", 19.1, 72.9),
            region("ap-south-2", "Hyderabad", 17.4, 78.5, NO_BUDGETS),
            region("ap-southeast-1", "Singapore", 1.35, 103.8),
            region("ap-southeast-2", "Sydney", -33.9, 151.2),
            region("ap-southeast-3", "Jakarta", -6.2, 106.8, NO_BUDGETS),
            region("ap-southeast-4", "Melbourne", -37.8, 145.0, NO_BUDGETS),
            region("ap-southeast-5", "Malaysia", 3.1, 101.7, NO_BUDGETS),
            region("ap-southeast-6", "New Zealand", -36.8, 174.8, NO_BUDGETS, NO_SNAPSTART),
            region("ap-southeast-7", "Thailand", 13.8, 100.5, NO_BUDGETS),
            region("ap-east-1", "Hong Kong", 22.3, 114.2, NO_BUDGETS),
            region("ap-east-2", "Taipei", 25.0, 121.6, NO_BUDGETS, NO_SNAPSTART),
            region("ap-northeast-1", "Tokyo", 35.7, 139.7),
            region("ap-northeast-2", "Seoul", 37.6, 127.0),
            region("ap-northeast-3", "Osaka", 34.7, 135.5, NO_BUDGETS));

    private Regions() {}

    static List<String> supported() {
        return ALL.stream().filter(Region::supported).map(Region::code).toList();
    }

    /**
     * Why the stacks cannot go to a region, naming what is missing there and the nearest region that has it
     * all; empty when they can.
     */
    static Optional<String> problem(String code) {
        var region = ALL.stream().filter(r -> r.code().equals(code)).findFirst();
        if (region.isEmpty()) {
            return Optional.of("Region " + code + " is not one the course has checked. Deploy to a supported"
                    + " region (" + RECOMMENDED + " recommended): " + String.join(", ", supported()) + ".");
        }
        if (region.get().supported()) {
            return Optional.empty();
        }
        var nearest = nearest(region.get());
        return Optional.of("Region " + region.get().named() + " cannot take the Pets API stacks: "
                + String.join(" and ", region.get().missing()) + " there. The nearest supported region is "
                + nearest.named() + ": set AWS_REGION=" + nearest.code() + " (or the region of your AWS profile)"
                + " and run again.");
    }

    static Region nearest(Region from) {
        return ALL.stream()
                .filter(Region::supported)
                .min(Comparator.comparingDouble(to -> distanceKm(from, to)))
                .orElseThrow();
    }

    /** Great-circle distance: good enough to pick the closest data centre region. */
    static double distanceKm(Region a, Region b) {
        var lat1 = Math.toRadians(a.latitude());
        var lat2 = Math.toRadians(b.latitude());
        var dLat = lat2 - lat1;
        var dLon = Math.toRadians(b.longitude() - a.longitude());
        var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371 * Math.asin(Math.sqrt(h));
    }

    private static Region region(String code, String place, double latitude, double longitude, String... missing) {
        return new Region(code, place, latitude, longitude, List.of(missing));
    }
}
