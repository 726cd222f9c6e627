package com.example.pets.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The service's alarms and dashboard, from metrics AWS records anyway (AWS/ApplicationELB, AWS/ECS) plus the
 * collector's three: four alarms, to PetsApi's alert topic, and one dashboard. CloudWatch bills alarms by the metrics
 * they read: these read 7, and with PetsApi's 4 and the 2 alarms the CPU target tracking policy creates that is 13,
 * 3 beyond the 10 free ones (COSTS.md).
 */
final class ContainerMonitoring extends Construct {

    record Props(ApplicationLoadBalancedFargateService service, ITopic alertTopic) {}

    static final Duration PERIOD = Duration.minutes(5);

    /**
     * ECS measures a task's memory against the whole task (1 GB), but the app container is killed at its own limit,
     * 75 % of it: an alarm above that could never fire before the kill. At 70 % the two containers hold 717 MB
     * between them, so the alarm fires while the app is still below its 768 MB.
     */
    static final int MEMORY_ALARM_PERCENT = 70;

    static final String COLLECTOR_NAMESPACE = "PetsApi/Container";

    /** The collector's metrics (collector/config.yaml), without dimensions. */
    static final List<String> COLLECTOR_METRICS =
            List.of("pets_created_total", "http_server_active_requests", "process_resident_memory_bytes");

    ContainerMonitoring(Construct scope, String id, Props props) {
        super(scope, id);
        var loadBalancer = props.service().getLoadBalancer().getMetrics();
        var targets = props.service().getTargetGroup().getMetrics();
        var ecs = props.service().getService();
        var sum = MetricOptions.builder().statistic("Sum").period(PERIOD).build();

        var requests = loadBalancer.requestCount(sum);
        var fiveXx = MathExpression.Builder.create()
                .label("5xx answers, % of requests")
                .expression("IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)")
                .usingMetrics(Map.of(
                        "requests", requests,
                        "target5xx", loadBalancer.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum),
                        "elb5xx", loadBalancer.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum)))
                .period(PERIOD)
                .build();
        var p99 = loadBalancer.targetResponseTime(
                MetricOptions.builder().statistic("p99").period(PERIOD).build());
        var healthy = targets.healthyHostCount(
                MetricOptions.builder().statistic("Minimum").period(PERIOD).build());
        var noTaskButTraffic = MathExpression.Builder.create()
                .label("requests while no task is healthy")
                .expression("IF(FILL(requests, 0) > 0 AND FILL(healthy, 0) < 1, 1, 0)")
                .usingMetrics(Map.of("requests", requests, "healthy", healthy))
                .period(PERIOD)
                .build();
        var cpu = ecs.metricCpuUtilization(
                MetricOptions.builder().statistic("Average").period(PERIOD).build());
        var memory = ecs.metricMemoryUtilization(
                MetricOptions.builder().statistic("Maximum").period(PERIOD).build());

        alarm("FiveXxRatio", "More than 5% of the answers through the load balancer were 5xx", fiveXx, 5, props);
        alarm("LatencyP99", "p99 target response time over 0.5 s", p99, 0.5, props);
        alarm(
                "NoHealthyTask",
                "Requests arrived while no task was healthy (after scaleToZeroAt, the service is at zero on purpose)",
                noTaskButTraffic,
                1,
                props);
        alarm(
                "Memory",
                "A task used more than " + MEMORY_ALARM_PERCENT + "% of its memory, before the app container's"
                        + " limit (75% of the task's) stops it",
                memory,
                MEMORY_ALARM_PERCENT,
                props);

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("PetsApiContainer")
                .widgets(List.of(
                        List.of(
                                graph("Requests", requests),
                                graph("5xx, % of requests", fiveXx),
                                graph("p99 target response time (s)", p99)),
                        List.of(
                                graph("Healthy tasks", healthy),
                                graph("CPU % (scales out over " + ContainerStack.CPU_TARGET_PERCENT + ")", cpu),
                                graph("Memory %", memory)),
                        List.of(COLLECTOR_METRICS.stream()
                                .map(name -> graph(
                                        name,
                                        Metric.Builder.create()
                                                .namespace(COLLECTOR_NAMESPACE)
                                                .metricName(name)
                                                .statistic(name.endsWith("_total") ? "Sum" : "Maximum")
                                                .period(PERIOD)
                                                .build()))
                                .toArray(GraphWidget[]::new))))
                .build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, Props props) {
        var alarm = Alarm.Builder.create(this, id)
                .alarmName(ContainerStack.STACK_NAME + "-" + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(props.alertTopic()));
    }

    private static GraphWidget graph(String title, IMetric metric) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(List.of(metric))
                .width(8)
                .build();
    }
}
