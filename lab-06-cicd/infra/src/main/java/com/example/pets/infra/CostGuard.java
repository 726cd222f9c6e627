package com.example.pets.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.constructs.Construct;

/**
 * A monthly cost budget for the whole account that e-mails before the money is spent: when the
 * forecast for the month passes the budget, and when the actual spend passes 80% of it. A budget
 * only warns, it stops nothing, and the forecast alert stays silent on an account younger than about one
 * billing cycle (Cost Explorer has no forecast for it yet). What stops the API's spending is the API
 * stack's {@link CostKillSwitch}. Budgets without actions cost nothing. It lives in the account stack,
 * deployed before the API and kept when the API is destroyed.
 */
public class CostGuard extends Construct {

    /**
     * @param monthlyBudgetUsd the monthly amount, in US dollars
     * @param email receives the budget alerts (no confirmation needed, unlike SNS)
     * @param tags the budget's own tags (a budget takes tags as a property, not from the stack)
     */
    public record Props(double monthlyBudgetUsd, String email, List<Tag> tags) {

        public Props {
            Objects.requireNonNull(email, "email");
            tags = List.copyOf(tags);
            if (monthlyBudgetUsd <= 0) {
                throw new IllegalArgumentException("monthlyBudgetUsd must be positive, was " + monthlyBudgetUsd);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private double monthlyBudgetUsd = DeployConfig.DEFAULT_MONTHLY_BUDGET_USD;
            private String email;
            private List<Tag> tags = List.of();

            public Builder monthlyBudgetUsd(double monthlyBudgetUsd) {
                this.monthlyBudgetUsd = monthlyBudgetUsd;
                return this;
            }

            public Builder email(String email) {
                this.email = email;
                return this;
            }

            public Builder tags(List<Tag> tags) {
                this.tags = tags;
                return this;
            }

            public Props build() {
                return new Props(monthlyBudgetUsd, email, tags);
            }
        }
    }

    public record Tag(String key, String value) {}

    public CostGuard(Construct scope, String id, Props props) {
        super(scope, id);

        CfnBudget.Builder.create(this, "MonthlyBudget")
                .budget(monthlyCost("monthly", props.monthlyBudgetUsd(), props.email()))
                .resourceTags(resourceTags(props.tags()))
                .notificationsWithSubscribers(
                        List.of(alert("FORECASTED", 100, props.email()), alert("ACTUAL", 80, props.email())))
                .build();
    }

    /**
     * The account's cost per month, credits left out, in a budget named after the stack, the region, {@code name} and
     * the alert address (budgets are global: the region in the name keeps two deployments apart). CloudFormation
     * replaces a budget whose notifications change, and cannot replace one under the same name: a new address makes a
     * new name, so a deploy with another {@code alertEmail} goes through.
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-budgets-budget.html
     */
    static CfnBudget.BudgetDataProperty monthlyCost(String name, double usd, String email) {
        return CfnBudget.BudgetDataProperty.builder()
                .budgetName(Fn.join("-", List.of(Aws.STACK_NAME, Aws.REGION, name, addressTag(email))))
                .budgetType("COST")
                .timeUnit("MONTHLY")
                .budgetLimit(CfnBudget.SpendProperty.builder()
                        .amount(usd)
                        .unit("USD")
                        .build())
                // Credits are left out (IncludeCredit defaults to true): on the free plan they pay for
                // everything, and a budget that counts them shows 0 USD while they drain.
                // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-budgets-budget-costtypes.html
                .costTypes(CfnBudget.CostTypesProperty.builder()
                        .includeCredit(false)
                        .build())
                .build();
    }

    /** Eight hex digits that change with the address, without writing it into the account's list of budgets. */
    static String addressTag(String email) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<CfnBudget.ResourceTagProperty> resourceTags(List<Tag> tags) {
        return tags.stream()
                .map(tag -> CfnBudget.ResourceTagProperty.builder()
                        .key(tag.key())
                        .value(tag.value())
                        .build())
                .toList();
    }

    private static CfnBudget.NotificationWithSubscribersProperty alert(String type, int percent, String email) {
        return CfnBudget.NotificationWithSubscribersProperty.builder()
                .notification(CfnBudget.NotificationProperty.builder()
                        .notificationType(type)
                        .comparisonOperator("GREATER_THAN")
                        .threshold(percent)
                        .thresholdType("PERCENTAGE")
                        .build())
                .subscribers(List.of(CfnBudget.SubscriberProperty.builder()
                        .subscriptionType("EMAIL")
                        .address(email)
                        .build()))
                .build();
    }
}
