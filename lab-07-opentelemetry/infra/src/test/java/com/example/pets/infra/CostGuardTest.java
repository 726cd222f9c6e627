package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * CloudFormation replaces a budget when its notifications change, which a new {@code alertEmail} does, and cannot
 * replace a resource under the same name: the budgets' names follow the address, so the next deploy goes through.
 */
class CostGuardTest {

    private final Stack stack = new Stack(new App(), "PetsApiAccount");

    @Test
    void a_new_alert_address_gives_the_budget_a_new_name_and_the_same_address_the_same_name() {
        var first = nameOf("monthly", "alerts@example.com");

        assertThat(nameOf("monthly", "alerts@example.com")).isEqualTo(first);
        assertThat(nameOf("monthly", "someone.else@example.com")).isNotEqualTo(first);
        assertThat(nameOf("monthly", "Alerts@example.com")).isNotEqualTo(first);
        assertThat(first)
                .startsWith(Map.of("Ref", "AWS::StackName"), Map.of("Ref", "AWS::Region"))
                .last()
                .asString()
                .matches("monthly-[0-9a-f]{8}");
    }

    /** The parts of the name CloudFormation joins with "-". */
    @SuppressWarnings("unchecked")
    private List<Object> nameOf(String budget, String email) {
        var join = (Map<String, List<Object>>)
                stack.resolve(CostGuard.monthlyCost(budget, 5, email).getBudgetName());
        return (List<Object>) join.get("Fn::Join").get(1);
    }
}
