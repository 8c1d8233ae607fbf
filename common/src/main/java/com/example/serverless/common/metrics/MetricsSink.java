package com.example.serverless.common.metrics;

/**
 * What domain code may record, without knowing how metrics leave the function. {@link #NONE} for callers that do
 * not measure.
 */
public interface MetricsSink {

    MetricsSink NONE = new MetricsSink() {
        @Override
        public void count(String name, double value) {}

        @Override
        public void milliseconds(String name, double value) {}
    };

    /** Adds to a count (unit Count). */
    void count(String name, double value);

    /** Records a duration (unit Milliseconds). */
    void milliseconds(String name, double value);
}
