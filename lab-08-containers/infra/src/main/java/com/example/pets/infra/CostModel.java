package com.example.pets.infra;

/**
 * What the Pets API costs a month at a steady request rate, on Lambda behind the REST API (PetsApi) and on Fargate
 * behind a load balancer (PetsApiContainer), at us-east-1 list prices without any free tier, and the rate where the two
 * cost the same. What both stacks pay alike (DynamoDB, logs, traces) is left out. Prices and sources: COSTS.md.
 */
record CostModel(
        double lambdaMemoryGb,
        double lambdaBilledMs,
        double requestsPerTask,
        double taskVcpu,
        double taskMemoryGb,
        double bytesPerRequest,
        double requestsPerConnection) {

    static final double HOURS_PER_MONTH = 730;

    // Lambda, arm64, and the API Gateway REST API, us-east-1 (read 2026-12-05).
    static final double REST_API_PER_MILLION = 3.50;
    static final double LAMBDA_REQUESTS_PER_MILLION = 0.20;
    static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;

    // Fargate Linux/ARM, Application Load Balancer, public IPv4, us-east-1 (read 2026-12-05).
    static final double FARGATE_ARM_PER_VCPU_HOUR = 0.03238;
    static final double FARGATE_ARM_PER_GB_HOUR = 0.00356;
    static final double ALB_PER_HOUR = 0.0225;
    static final double ALB_PER_LCU_HOUR = 0.008;
    static final double PUBLIC_IPV4_PER_HOUR = 0.005;

    /** An internet-facing ALB has a node, and a public IPv4 address, in each of its (at least two) zones. */
    static final int LOAD_BALANCER_ADDRESSES = 2;

    /** One LCU: 25 new connections a second, or 1 GB processed an hour (targets other than Lambda). */
    static final double LCU_NEW_CONNECTIONS_PER_SECOND = 25;

    static final double LCU_BYTES_PER_HOUR = 1e9;

    /**
     * The course's figures: the function's 1024 MB, 7 ms billed (lab-08's warm p50 of 6.17 ms, rounded up to Lambda's
     * 1 ms); a 0.5 vCPU, 1 GB task serving 150 requests a second; 2 KB in and out per request, 10 requests per
     * connection.
     */
    static final CostModel COURSE = new CostModel(1.0, 7, 150, 0.5, 1.0, 2_000, 10);

    double requestsPerMonth(double perSecond) {
        return perSecond * 3600 * HOURS_PER_MONTH;
    }

    /** REST API calls, Lambda requests and GB-seconds. */
    double lambdaMonthly(double perSecond) {
        var requests = requestsPerMonth(perSecond);
        return requests * (REST_API_PER_MILLION + LAMBDA_REQUESTS_PER_MILLION) / 1e6
                + requests * lambdaBilledMs / 1000 * lambdaMemoryGb * LAMBDA_ARM_PER_GB_SECOND;
    }

    /** At least one task (the service's minimum), one more per {@code requestsPerTask}. */
    int tasks(double perSecond) {
        return Math.max(1, (int) Math.ceil(perSecond / requestsPerTask));
    }

    /** The load balancer's capacity units: the larger of new connections and bytes processed. */
    double loadBalancerCapacityUnits(double perSecond) {
        var newConnections = perSecond / requestsPerConnection / LCU_NEW_CONNECTIONS_PER_SECOND;
        var processed = perSecond * 3600 * bytesPerRequest / LCU_BYTES_PER_HOUR;
        return Math.max(newConnections, processed);
    }

    /** Tasks, load balancer hours and LCUs, and a public IPv4 address per task and per load balancer zone. */
    double fargateMonthly(double perSecond) {
        var tasks = tasks(perSecond);
        var perHour = tasks * (taskVcpu * FARGATE_ARM_PER_VCPU_HOUR + taskMemoryGb * FARGATE_ARM_PER_GB_HOUR)
                + ALB_PER_HOUR
                + loadBalancerCapacityUnits(perSecond) * ALB_PER_LCU_HOUR
                + (tasks + LOAD_BALANCER_ADDRESSES) * PUBLIC_IPV4_PER_HOUR;
        return perHour * HOURS_PER_MONTH;
    }

    /** What the default container stack costs an hour while idle: one task, the load balancer, three addresses. */
    double fargateIdlePerHour() {
        return fargateMonthly(0) / HOURS_PER_MONTH;
    }

    /** The lowest rate, to 0.001 requests a second, from which Lambda costs at least as much as Fargate. */
    double breakEven() {
        double low = 0;
        double high = 1;
        while (lambdaMonthly(high) < fargateMonthly(high)) {
            high *= 2;
        }
        while (high - low > 0.0005) {
            var middle = (low + high) / 2;
            if (lambdaMonthly(middle) < fargateMonthly(middle)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return Math.round(high * 1000) / 1000.0;
    }
}
