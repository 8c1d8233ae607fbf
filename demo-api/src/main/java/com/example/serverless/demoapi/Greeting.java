package com.example.serverless.demoapi;

/** The body of {@code GET /hello}: which API version answered, so routing is observable from outside. */
public record Greeting(String apiVersion, String mediaType, String message, String path) {

    public static Greeting from(ApiVersion version, String path) {
        return new Greeting(version.label(), version.mediaType(), "Hello from API " + version.label(), path);
    }
}
