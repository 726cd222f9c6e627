package com.example.pets.infra;

import java.util.List;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.QueryDefinition;
import software.amazon.awscdk.services.logs.QueryString;
import software.constructs.Construct;

/**
 * Logs Insights queries saved next to the function's log group (CloudWatch console, Logs Insights,
 * Saved queries). They read the JSON keys the application logs: {@code level}, {@code route},
 * {@code correlation_id}, {@code cold_start}, {@code status}, {@code duration_ms}. Saved queries cost
 * nothing; running one is billed per GB scanned, which for a course-sized log group rounds to zero.
 */
public class SavedQueries extends Construct {

    /** The console shows the part before the slash as a folder. */
    static final String FOLDER = PetsApiFacts.SERVICE_NAME;

    public SavedQueries(Construct scope, String id, ILogGroup logGroup) {
        super(scope, id);

        save(
                "ErrorsByRoute",
                "errors-by-route",
                logGroup,
                QueryString.Builder.create()
                        .fields(List.of("@timestamp", "route", "message"))
                        .filterStatements(List.of("level = \"ERROR\""))
                        .statsStatements(List.of("count(*) by route"))
                        .build());

        // Paste the correlation id from a response header or an error body in place of REPLACE_ME.
        save(
                "RequestByCorrelationId",
                "request-by-correlation-id",
                logGroup,
                QueryString.Builder.create()
                        .fields(List.of("@timestamp", "level", "message", "route", "status"))
                        .filterStatements(List.of("correlation_id = \"REPLACE_ME\""))
                        .sort("@timestamp asc")
                        .build());

        // The application logs cold_start as a number or a boolean, depending on the logger.
        save(
                "ColdStarts",
                "cold-starts",
                logGroup,
                QueryString.Builder.create()
                        .filterStatements(List.of("cold_start = 1 or cold_start = \"true\""))
                        .statsStatements(List.of("count(*) as cold_starts by bin(1h)"))
                        .build());

        save(
                "SlowestRequests",
                "slowest-requests",
                logGroup,
                QueryString.Builder.create()
                        .fields(List.of("@timestamp", "route", "status", "duration_ms", "xray_trace_id"))
                        .filterStatements(List.of("ispresent(duration_ms)"))
                        .sort("duration_ms desc")
                        .limit(20)
                        .build());
    }

    private void save(String id, String name, ILogGroup logGroup, QueryString query) {
        QueryDefinition.Builder.create(this, id)
                .queryDefinitionName(FOLDER + "/" + name)
                .queryString(query)
                .logGroups(List.of(logGroup))
                .build();
    }
}
