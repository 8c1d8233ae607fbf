package com.example.serverless.s3diff.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads single object versions: HEAD for size, ETag and metadata; GET streamed as strictly decoded UTF-8 lines. */
public final class ObjectVersionReader {

    private final S3Client s3;
    private final int maxLines;

    /**
     * @param maxLines lines per version we are willing to hold: a file of one-character lines would otherwise
     *                 become millions of String objects (hundreds of MB of headers) within the byte limit
     */
    public ObjectVersionReader(S3Client s3, int maxLines) {
        this.s3 = s3;
        this.maxLines = maxLines;
    }

    /** HEAD of one version; empty when the version no longer exists (deleted, or pruned by a later event). */
    public Optional<VersionHead> head(String bucket, String key, String versionId) {
        try {
            HeadObjectResponse head =
                    s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId));
            return Optional.of(new VersionHead(head.contentLength(), head.eTag(), head.metadata()));
        } catch (S3Exception e) {
            // 404: version gone; 405: the id names a delete marker, which has no content to diff
            if (e.statusCode() == 404 || e.statusCode() == 405) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Streams one version and decodes it as UTF-8, refusing malformed sequences and NUL bytes. Reading stops at the
     * first offending byte (the rest of the body is not downloaded), so binary objects are never held whole.
     */
    public TextLoad readText(String bucket, String key, String versionId) {
        GetObjectRequest request = GetObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .versionId(versionId)
                .build();
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(request)) {
            CharsetDecoder strictUtf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, strictUtf8), 64 * 1024);
            List<String> lines = new ArrayList<>();
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.indexOf('\0') >= 0) {
                        body.abort();
                        return new TextLoad.NotText("contains NUL bytes (binary content)");
                    }
                    if (lines.size() == maxLines) {
                        body.abort();
                        return new TextLoad.TooManyLines(maxLines);
                    }
                    lines.add(line);
                }
            } catch (CharacterCodingException e) {
                body.abort();
                return new TextLoad.NotText("is not valid UTF-8 (binary content or another encoding)");
            }
            return new TextLoad.Text(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key + " version " + versionId, e);
        }
    }
}
