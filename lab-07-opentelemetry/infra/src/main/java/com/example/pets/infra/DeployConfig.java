package com.example.pets.infra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The choices made at deploy time, read from CDK context: {@code cdk deploy -c alertEmail=you@example.com}
 * or the {@code context} block of cdk.json. Everything except the e-mail address has a default.
 *
 * @param alertEmail receives the alarm notifications (after confirming the SNS subscription) and the
 *     budget alerts
 * @param owner the {@code owner} tag on every resource; defaults to the e-mail address
 * @param monthlyBudgetUsd the monthly AWS Budget for the whole account, in US dollars
 * @param reservedConcurrency caps how many copies of the function can run at once; empty (the default)
 *     leaves the function on the account's unreserved pool
 * @param detailedMetrics per-method API Gateway metrics; CloudWatch bills them like custom metrics
 * @param transactionSearch switch the account and region to CloudWatch Transaction Search ({@link
 *     TransactionSearch}, in the account stack); off by default
 */
public record DeployConfig(
        String alertEmail,
        String owner,
        double monthlyBudgetUsd,
        OptionalInt reservedConcurrency,
        boolean detailedMetrics,
        boolean transactionSearch) {

    static final String TRANSACTION_SEARCH_KEY = "transactionSearch";

    static final double DEFAULT_MONTHLY_BUDGET_USD = 5;

    /**
     * Nothing reserved unless asked for: Lambda refuses a reservation that takes the account's unreserved
     * concurrency below its minimum (10 on new accounts whose limit is 10, where any reservation fails the
     * deploy; 100 at the usual limit of 1,000). The stage throttling (burst 10, rate 2) caps the load either
     * way. Where the limit allows, {@code -c reservedConcurrency=5} also caps the function; the preflight
     * command says whether it does. https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
     */
    static final OptionalInt DEFAULT_RESERVED_CONCURRENCY = OptionalInt.empty();

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public static DeployConfig fromContext(Function<String, Object> context) {
        var problems = new ArrayList<String>();

        var alertEmail = text(context, "alertEmail");
        if (alertEmail == null) {
            problems.add("alertEmail is missing: add -c alertEmail=you@example.com");
        } else if (!EMAIL.matcher(alertEmail).matches()) {
            problems.add("alertEmail is not an e-mail address: " + alertEmail);
        }

        var owner = text(context, "owner");
        if (owner == null) {
            owner = alertEmail;
        }

        var budget = DEFAULT_MONTHLY_BUDGET_USD;
        var budgetText = text(context, "monthlyBudgetUsd");
        if (budgetText != null) {
            try {
                budget = Double.parseDouble(budgetText);
            } catch (NumberFormatException e) {
                budget = -1;
            }
            if (budget <= 0) {
                problems.add("monthlyBudgetUsd must be a positive amount of dollars, was " + budgetText);
            }
        }

        // An empty value (an unset repository variable in the workflow) means the default: none.
        var reserved = DEFAULT_RESERVED_CONCURRENCY;
        var reservedText = text(context, "reservedConcurrency");
        if (reservedText != null) {
            if (reservedText.toLowerCase(Locale.ROOT).equals("none")) {
                reserved = OptionalInt.empty();
            } else {
                try {
                    // cdk.json numbers can arrive as "5.0"
                    reserved = OptionalInt.of(new BigDecimal(reservedText).intValueExact());
                } catch (NumberFormatException | ArithmeticException e) {
                    reserved = OptionalInt.of(0);
                }
                if (reserved.getAsInt() < 1) {
                    problems.add("reservedConcurrency must be a whole number >= 1 or 'none', was " + reservedText);
                }
            }
        }

        // Off by default: per-method metrics are billed like custom metrics, outside the free tier. The stage's
        // own metrics (Count, 4XXError, 5XXError, Latency) are published either way, at no charge.
        var detailedMetrics = flag(context, "detailedMetrics", problems);

        // Off by default: an account-wide setting, which CloudFormation can only switch on while it is off.
        var transactionSearch = flag(context, TRANSACTION_SEARCH_KEY, problems);

        problems.addAll(LogLevels.problems(context));

        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot build the stack:\n  - " + String.join("\n  - ", problems));
        }
        return new DeployConfig(alertEmail, owner, budget, reserved, detailedMetrics, transactionSearch);
    }

    /**
     * Whether {@code -c transactionSearch=true} was given; the preflight reads it the way the stack does.
     *
     * @throws IllegalArgumentException for a value other than true or false
     */
    static boolean transactionSearch(Function<String, Object> context) {
        var problems = new ArrayList<String>();
        var on = flag(context, TRANSACTION_SEARCH_KEY, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        return on;
    }

    /** A true/false setting, false when absent or empty (an unset workflow variable). */
    private static boolean flag(Function<String, Object> context, String key, List<String> problems) {
        var value = text(context, key);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(key + " must be true or false, was " + value);
                yield false;
            }
        };
    }

    /** Context values come as strings from the command line and as JSON values from cdk.json. */
    private static String text(Function<String, Object> context, String key) {
        var value = context.apply(key);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        return value.toString().strip();
    }
}
