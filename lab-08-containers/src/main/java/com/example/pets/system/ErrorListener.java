package com.example.pets.system;

import io.javalin.http.Context;

/**
 * How the layers around the app take part in answering an error while {@link ErrorHandlers} knows nothing of them:
 * a layer attaches a listener to the request before it is handled (from lab-02 on, the observability layers do),
 * and the handlers tell it each problem they answer with and each server fault. Without one, nothing happens.
 */
public interface ErrorListener {

    ErrorListener NONE = new ErrorListener() {};

    /** The problem about to be sent; returns it with what the listener adds. */
    default Problem answering(Problem problem) {
        return problem;
    }

    /** A server fault is answered with a 5xx; {@code unhandled} means nobody expected it (a bug). */
    default void failed(Exception e, boolean unhandled) {}

    static void attach(Context ctx, ErrorListener listener) {
        ctx.attribute(ErrorListener.class.getName(), listener);
    }

    static ErrorListener of(Context ctx) {
        ErrorListener listener = ctx.attribute(ErrorListener.class.getName());
        return listener == null ? NONE : listener;
    }
}
