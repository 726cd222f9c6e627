package com.example.pets.observability.logging;

import static com.example.pets.observability.logging.LogKeys.COLD_START;
import static com.example.pets.observability.logging.LogKeys.FUNCTION_ARN;
import static com.example.pets.observability.logging.LogKeys.FUNCTION_MEMORY_SIZE;
import static com.example.pets.observability.logging.LogKeys.FUNCTION_NAME;
import static com.example.pets.observability.logging.LogKeys.FUNCTION_REQUEST_ID;
import static com.example.pets.observability.logging.LogKeys.FUNCTION_VERSION;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * Puts the Lambda invocation's context on every log line written during it, and takes it all off afterwards so
 * nothing of one invocation leaks into the next. Lambda creates one handler per execution environment, so the
 * first invocation this object sees is the environment's cold start.
 */
public final class LambdaLogContext {

    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    /** Returns whether this invocation is the environment's cold start. */
    public boolean open(Context context) {
        var isColdStart = coldStart.getAndSet(false);
        MDC.clear();
        MDC.put(COLD_START, Boolean.toString(isColdStart));
        MDC.put(FUNCTION_NAME, context.getFunctionName());
        MDC.put(FUNCTION_VERSION, context.getFunctionVersion());
        MDC.put(FUNCTION_MEMORY_SIZE, Integer.toString(context.getMemoryLimitInMB()));
        MDC.put(FUNCTION_ARN, context.getInvokedFunctionArn());
        MDC.put(FUNCTION_REQUEST_ID, context.getAwsRequestId());
        return isColdStart;
    }

    public void close() {
        MDC.clear();
    }
}
