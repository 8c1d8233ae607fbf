package com.example.serverless.s3diff.s3;

import java.util.Map;

/**
 * What a HEAD of one object version tells us before any content is read.
 *
 * @param size     bytes
 * @param eTag     entity tag without quotes
 * @param metadata user metadata ({@code x-amz-meta-*} without the prefix, lower-case names)
 */
public record VersionHead(long size, String eTag, Map<String, String> metadata) {

    public VersionHead {
        eTag = eTag == null ? null : eTag.replace("\"", "");
        metadata = Map.copyOf(metadata);
    }
}
