package com.example.pets.infra;

import java.math.BigDecimal;
import java.util.ArrayList;
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
 * @param costKillSwitch whether {@link CostKillSwitch} stops the API past the daily requests or the budget; on
 *     unless {@code -c costKillSwitch=off}
 * @param dailyRequestLimit the most requests in 24 hours before the kill switch stops the API
 */
public record DeployConfig(
        String alertEmail,
        String owner,
        double monthlyBudgetUsd,
        OptionalInt reservedConcurrency,
        boolean detailedMetrics,
        boolean costKillSwitch,
        int dailyRequestLimit) {

    static final double DEFAULT_MONTHLY_BUDGET_USD = 5;

    /**
     * 10,000 requests in 24 hours. Each request costs at most about 10 micro-dollars beyond the free amounts:
     * 3.5 (REST API call; no free calls on accounts created since 2025-07-15) + 5 (an X-Ray trace beyond 100,000 a
     * month) + about 1 (1-2 KB of access and function logs beyond 5 GB a month); Lambda at 1024 MB stays inside its
     * 400,000 free GB-seconds. A whole month at the limit, 300,000 requests, is then at most 3 USD, inside the 5 USD
     * budget; the throttling alone (2 a second for each of the two methods) would allow 345,600 requests a day,
     * about 36 USD a month of API Gateway. A lab session sends a few hundred requests.
     */
    static final int DEFAULT_DAILY_REQUEST_LIMIT = 10_000;

    /**
     * Nothing reserved unless asked for: Lambda refuses a reservation that takes the account's unreserved
     * concurrency below its minimum (10 on new accounts whose limit is 10, where any reservation fails the
     * deploy; 100 at the usual limit of 1,000). The stage throttling (burst 10, rate 2) limits the load either
     * way, and {@link CostKillSwitch} stops the API before it costs much. Where the limit allows, {@code -c reservedConcurrency=5} also caps the function; the preflight
     * command says whether it does. https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
     */
    static final OptionalInt DEFAULT_RESERVED_CONCURRENCY = OptionalInt.empty();

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** The settings CdkApp stands in when the context cannot be read; the kill switch at its defaults. */
    public DeployConfig(
            String alertEmail,
            String owner,
            double monthlyBudgetUsd,
            OptionalInt reservedConcurrency,
            boolean detailedMetrics) {
        this(
                alertEmail,
                owner,
                monthlyBudgetUsd,
                reservedConcurrency,
                detailedMetrics,
                true,
                DEFAULT_DAILY_REQUEST_LIMIT);
    }

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
        var detailedMetrics = false;
        var detailedText = text(context, "detailedMetrics");
        if (detailedText != null) {
            detailedMetrics = switch (detailedText.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    problems.add("detailedMetrics must be true or false, was " + detailedText);
                    yield true;
                }
            };
        }

        // On unless switched off: a new account has no other cap on what the API costs (see CostKillSwitch).
        var costKillSwitch = true;
        var killSwitchText = text(context, "costKillSwitch");
        if (killSwitchText != null) {
            costKillSwitch = switch (killSwitchText.toLowerCase(Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> {
                    problems.add("costKillSwitch must be on or off, was " + killSwitchText);
                    yield true;
                }
            };
        }

        var dailyRequestLimit = DEFAULT_DAILY_REQUEST_LIMIT;
        var limitText = text(context, "dailyRequestLimit");
        if (limitText != null) {
            try {
                dailyRequestLimit = new BigDecimal(limitText).intValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                dailyRequestLimit = 0;
            }
            if (dailyRequestLimit < 1) {
                problems.add("dailyRequestLimit must be a whole number of requests >= 1, was " + limitText);
            }
        }

        problems.addAll(LogLevels.problems(context));

        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot build the stack:\n  - " + String.join("\n  - ", problems));
        }
        return new DeployConfig(
                alertEmail, owner, budget, reserved, detailedMetrics, costKillSwitch, dailyRequestLimit);
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
