package com.example.serverless.batch.archive;

public record ArchiveResult(String archiveKey) {}
