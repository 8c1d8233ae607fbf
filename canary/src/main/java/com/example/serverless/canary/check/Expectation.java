package com.example.serverless.canary.check;

/** What a correct answer to one check looks like. */
public sealed interface Expectation {

    /** 200 with a JSON body whose {@code apiVersion} is this version: the request reached that version's API. */
    record ServedBy(String version) implements Expectation {}

    /** A generated refusal: this status and a JSON body whose {@code message} is this text. */
    record Refused(int status, String message) implements Expectation {}
}
