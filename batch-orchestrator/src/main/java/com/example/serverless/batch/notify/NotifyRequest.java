package com.example.serverless.batch.notify;

import com.example.serverless.batch.merge.RunSummary;

/** The success notification's input: the merge's summary and where the input was archived. */
public record NotifyRequest(RunSummary summary, String archiveKey) {}
