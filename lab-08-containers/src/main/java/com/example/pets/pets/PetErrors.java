package com.example.pets.pets;

import com.example.pets.pets.PageToken.InvalidPageTokenException;
import com.example.pets.system.ErrorHandlers;
import com.example.pets.system.Problem.FieldError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import java.util.List;

/** The Pets rules' own failures, answered as problems with the status a client can act on. */
public final class PetErrors {

    private PetErrors() {}

    public static void register(RoutesConfig routes) {
        routes.exception(
                InvalidPageTokenException.class,
                (e, ctx) -> ErrorHandlers.respond(
                        ctx,
                        HttpStatus.BAD_REQUEST,
                        "The request has invalid values.",
                        List.of(new FieldError("next_token", e.getMessage()))));
        routes.exception(
                PetNotFoundException.class,
                (e, ctx) -> ErrorHandlers.respond(ctx, HttpStatus.NOT_FOUND, e.getMessage(), null));
        routes.exception(
                VersionMismatchException.class,
                (e, ctx) -> ErrorHandlers.respond(ctx, HttpStatus.PRECONDITION_FAILED, e.getMessage(), null));
    }
}
