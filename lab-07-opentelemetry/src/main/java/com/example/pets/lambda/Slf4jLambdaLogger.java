package com.example.pets.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lambda's logger for code that asks the context for one, writing through SLF4J like the rest of the app. */
public final class Slf4jLambdaLogger implements LambdaLogger {

    private static final Logger log = LoggerFactory.getLogger(LambdaLogger.class);

    @Override
    public void log(String message) {
        log.info(message);
    }

    @Override
    public void log(byte[] message) {
        log.info(new String(message, StandardCharsets.UTF_8));
    }
}
