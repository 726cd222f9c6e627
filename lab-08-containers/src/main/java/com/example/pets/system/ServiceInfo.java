package com.example.pets.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Name and version of the service, written into service.properties by the build. */
public record ServiceInfo(String service, String version, String swaggerUiVersion) {

    public static ServiceInfo load() {
        var properties = new Properties();
        try (var in = ServiceInfo.class.getResourceAsStream("/service.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceInfo(
                properties.getProperty("service.name"),
                properties.getProperty("service.version"),
                properties.getProperty("swagger-ui.version"));
    }
}
