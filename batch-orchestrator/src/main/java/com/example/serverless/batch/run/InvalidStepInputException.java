package com.example.serverless.batch.run;

/**
 * A step was handed a payload it does not accept: a field missing, null, unknown or of the wrong type. The real
 * state machines never send one (the step payload tests pin every Parameters block to its record), so this means
 * the state machine and the functions come from different deployments, or an execution was started by hand with
 * another input. Not retried: the same payload fails the same way.
 */
public class InvalidStepInputException extends IllegalArgumentException {

    public InvalidStepInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
