package com.example.pets.observability.logging;

/**
 * The names of the fields on every log line. They are the Powertools for AWS Lambda log keys, so queries written
 * for Powertools (in AWS docs, blog posts, dashboards) work on these logs unchanged.
 */
public final class LogKeys {

    public static final String CORRELATION_ID = "correlation_id";
    public static final String XRAY_TRACE_ID = "xray_trace_id";
    /** The same trace in OpenTelemetry's form (32 hex digits), and the span the line was written in. */
    public static final String TRACE_ID = "trace_id";

    public static final String SPAN_ID = "span_id";

    public static final String COLD_START = "cold_start";
    public static final String FUNCTION_NAME = "function_name";
    public static final String FUNCTION_VERSION = "function_version";
    public static final String FUNCTION_MEMORY_SIZE = "function_memory_size";
    public static final String FUNCTION_ARN = "function_arn";
    public static final String FUNCTION_REQUEST_ID = "function_request_id";

    public static final String METHOD = "method";
    public static final String PATH = "path";
    public static final String ROUTE = "route";
    public static final String STATUS = "status";
    public static final String DURATION_MS = "duration_ms";

    private LogKeys() {}
}
