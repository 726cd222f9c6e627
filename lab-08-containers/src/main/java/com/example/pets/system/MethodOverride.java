package com.example.pets.system;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;

/**
 * Javalin routes a request by its {@code X-HTTP-Method-Override} header when one is present, so a {@code GET}
 * carrying {@code DELETE} there would delete. Everything in front of the app (API Gateway, caches, a WAF, an
 * authorizer on writes) sees a safe {@code GET}, and so would the access log. The API refuses the header instead:
 * a request does what its method says.
 */
public final class MethodOverride {

    public static final String HEADER = "X-HTTP-Method-Override";

    private MethodOverride() {}

    public static void register(RoutesConfig routes) {
        routes.before(ctx -> {
            if (ctx.req().getHeader(HEADER) != null) {
                throw new BadRequestResponse("The " + HEADER + " header is not accepted. Send the request with the"
                        + " method you mean: " + ctx.req().getMethod() + " is the one this request used.");
            }
        });
    }
}
