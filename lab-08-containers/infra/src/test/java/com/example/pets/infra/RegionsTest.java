package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionsTest {

    @Test
    void synth_in_a_region_without_budgets_in_cloudformation_fails_naming_what_is_missing_and_where_to_go() {
        assertThat(CdkApp.regionProblem("ap-southeast-3"))
                .hasValue("Region ap-southeast-3 (Jakarta) cannot take the Pets API stacks: CloudFormation has no"
                        + " AWS::Budgets::Budget there. The nearest supported region is ap-southeast-1 (Singapore):"
                        + " set AWS_REGION=ap-southeast-1 (or the region of your AWS profile) and run again.");
    }

    @Test
    void a_region_without_snapstart_names_both_gaps() {
        assertThat(CdkApp.regionProblem("ap-southeast-6"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("CloudFormation has no AWS::Budgets::Budget and Lambda has no SnapStart there")
                        .contains("nearest supported region is ap-southeast-2 (Sydney)"));
    }

    @Test
    void supported_regions_and_an_unknown_region_pass_through() {
        for (var region : Regions.supported()) {
            assertThat(CdkApp.regionProblem(region)).as(region).isEmpty();
        }
        // No region known (a synth in CI without AWS settings): nothing to check.
        assertThat(CdkApp.regionProblem(null)).isEmpty();
        assertThat(Regions.supported()).contains(Regions.RECOMMENDED, "eu-west-1", "eu-central-1");
    }

    @Test
    void a_region_the_course_has_not_checked_is_refused_with_the_list() {
        assertThat(CdkApp.regionProblem("us-gov-west-1"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("Region us-gov-west-1 is not one the course has checked")
                        .contains("us-east-1 recommended"));
    }
}
