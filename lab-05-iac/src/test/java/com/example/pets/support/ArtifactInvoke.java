package com.example.pets.support;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalLambdaContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Lambda's part, in a JVM whose classpath is the function's artifact and this class (with the context it hands over)
 * only: builds the handler as the runtime does, through its no-argument constructor and the environment, primes it
 * as SnapStart does, sends it each event file named in the arguments, and prints {@code STATUS <file> <statusCode>}
 * for each. {@code LambdaArtifactIT} starts it.
 */
public final class ArtifactInvoke {

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    private ArtifactInvoke() {}

    public static void main(String[] args) throws Exception {
        var handler = new StreamLambdaHandler();
        primeForSnapStart();
        for (var file : args) {
            var response = new ByteArrayOutputStream();
            try (var event = Files.newInputStream(Path.of(file))) {
                handler.handleRequest(event, response, new LocalLambdaContext());
            }
            var status = STATUS.matcher(response.toString(StandardCharsets.UTF_8));
            System.out.println(
                    "STATUS " + Path.of(file).getFileName() + " " + (status.find() ? status.group(1) : "none"));
        }
        // Javalin's "you never started it" reminder is a non-daemon thread; Lambda's runtime never exits either.
        System.exit(0);
    }

    /**
     * From lab-05 on the handler registers a SnapStart hook with org.crac's global context, which Lambda's runtime
     * calls before it snapshots a new version, then after each restore, on the thread that then runs the invocations:
     * so does this run, through that context, so that a handler that never registered is never primed. The labs
     * before have no org.crac.
     */
    private static void primeForSnapStart() throws Exception {
        try {
            Class.forName("org.crac.Core").getMethod("checkpointRestore").invoke(null);
        } catch (ClassNotFoundException noSnapStart) {
            // nothing to prime
        }
    }
}
