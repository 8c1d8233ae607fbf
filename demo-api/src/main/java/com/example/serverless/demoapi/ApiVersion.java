package com.example.serverless.demoapi;

import java.util.regex.Pattern;

/** An API version label such as {@code v1}; anything else is refused so it can't leak into a response. */
public record ApiVersion(String label) {

    private static final Pattern VALID = Pattern.compile("v[0-9]{1,3}");

    public ApiVersion {
        if (label == null || !VALID.matcher(label).matches()) {
            throw new IllegalArgumentException("API version must look like v1..v999, was: " + label);
        }
    }

    /** The media type a client sends in {@code Accept} to ask for this version. */
    public String mediaType() {
        return "application/vnd.example." + label + "+json";
    }
}
