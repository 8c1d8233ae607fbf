package com.example.serverless.edgemappings.mapping;

/** The Mappings property cannot be applied as given; the message says what to fix. */
public class InvalidMappingsException extends IllegalArgumentException {

    public InvalidMappingsException(String message) {
        super(message);
    }

    public InvalidMappingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
