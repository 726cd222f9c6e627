package com.example.pets.lambda;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.AwsProxyExceptionHandler;
import com.amazonaws.serverless.proxy.AwsProxySecurityContextWriter;
import com.amazonaws.serverless.proxy.RequestReader;
import com.amazonaws.serverless.proxy.internal.servlet.AwsHttpServletRequest;
import com.amazonaws.serverless.proxy.internal.servlet.AwsHttpServletResponse;
import com.amazonaws.serverless.proxy.internal.servlet.AwsLambdaServletContainerHandler;
import com.amazonaws.serverless.proxy.internal.servlet.AwsProxyHttpServletRequestReader;
import com.amazonaws.serverless.proxy.internal.servlet.AwsProxyHttpServletResponseWriter;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.services.lambda.runtime.Context;
import com.example.pets.system.BasePath;
import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a Javalin app inside aws-serverless-java-container: API Gateway REST proxy events become servlet requests
 * for Javalin's own servlet, with no Jetty and no socket. The library ships handlers for Spring, Jersey and Spark;
 * for Javalin this class is the glue.
 */
public class JavalinLambdaContainerHandler
        extends AwsLambdaServletContainerHandler<
                AwsProxyRequest, AwsProxyResponse, HttpServletRequest, AwsHttpServletResponse> {

    private final Javalin app;
    private Servlet servlet;

    public JavalinLambdaContainerHandler(Javalin app) {
        super(
                AwsProxyRequest.class,
                AwsProxyResponse.class,
                new AwsProxyHttpServletRequestReader(),
                new AwsProxyHttpServletResponseWriter(),
                new AwsProxySecurityContextWriter(),
                new AwsProxyExceptionHandler());
        this.app = app;
    }

    @Override
    public void initialize() throws ContainerInitializationException {
        // The body arrives as text and becomes bytes in this charset: by default ISO-8859-1, "Łucja" would be "?ucja".
        getContainerConfig().setDefaultContentCharset(StandardCharsets.UTF_8.name());
        // The plain servlet: app.javalinServlet() wraps it for Jetty websockets, which do not exist here.
        servlet = new JavalinServlet(app.unsafe);
        // Without a mapping the filter chain finds no servlet and answers 200 with an empty body.
        getServletContext().addServlet("javalin", servlet).addMapping("/*");
        super.initialize();
    }

    @Override
    protected AwsHttpServletResponse getContainerResponse(HttpServletRequest request, CountDownLatch latch) {
        return new AwsHttpServletResponse(request, latch);
    }

    @Override
    protected void handleRequest(HttpServletRequest request, AwsHttpServletResponse response, Context lambdaContext)
            throws Exception {
        if (request instanceof AwsHttpServletRequest awsRequest) {
            awsRequest.setServletContext(getServletContext());
            awsRequest.setResponse(response);
        }
        request.setAttribute(BasePath.ATTRIBUTE, basePath(request));
        doFilter(request, response, servlet);
    }

    /**
     * API Gateway strips the stage from {@code path} but keeps it in {@code requestContext.path}: "/prod/pets" vs
     * "/pets". The difference is the prefix a client used, whatever the stage or custom domain mapping. Both are read
     * from the event as sent: the servlet's path info drops a trailing slash and decodes %-escapes, and would not
     * match. A trailing slash is left out of both, so that the stage's root ("/prod" for "/") gives "/prod" too.
     */
    static String basePath(HttpServletRequest request) {
        if (!(request.getAttribute(RequestReader.API_GATEWAY_EVENT_PROPERTY) instanceof AwsProxyRequest event)
                || event.getRequestContext() == null
                || event.getRequestContext().getPath() == null
                || event.getPath() == null) {
            return "";
        }
        var external = event.getRequestContext().getPath().replaceFirst("/$", "");
        var internal = event.getPath().replaceFirst("/$", "");
        return external.endsWith(internal) ? external.substring(0, external.length() - internal.length()) : "";
    }
}
