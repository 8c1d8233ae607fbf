package com.example.serverless.common.s3;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An output stream that becomes one S3 object, holding at most one part in memory: small results are a single
 * PutObject, larger ones a multipart upload of {@code partSize} parts. The part buffer grows up to
 * {@code partSize} once and is then reused for every part, and the SDK reads each part straight from it (no copy),
 * so the memory it takes is one part however large the object: a fresh part-sized array per part (plus the SDK's
 * copy of it) survived young collections while being uploaded and filled the old generation with dead parts, which
 * made a merge's resident memory grow with the number of parts. Nothing is visible under the key until
 * {@link #complete()}; closing without completing aborts the upload, so a failed merge leaves no partial output
 * (and the bucket's lifecycle rule removes any upload a crash left behind).
 *
 * <p>Hand-written because the SDK's transfer manager needs the asynchronous CRT or Netty client, which the suite
 * keeps off the Lambda classpath for cold-start size; this is the 60-line subset the batch merge and the forecast
 * results consolidator need.
 */
public final class S3MultipartOutput extends OutputStream {

    /** S3's minimum for every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final int partSize;
    private byte[] buffer;
    private int filled;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    private boolean completed;
    private long bytes;

    public S3MultipartOutput(S3Client s3, String bucket, String key, String contentType, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size must be at least " + MIN_PART_SIZE + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.partSize = partSize;
        this.buffer = new byte[Math.min(partSize, 1 << 20)];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (completed) {
            throw new IllegalStateException("already completed");
        }
        int from = offset;
        int left = length;
        while (left > 0) {
            if (filled == buffer.length) {
                // only the first time past 1 MB (a full part-sized buffer was uploaded and emptied): straight to the
                // part size, so growing never holds more than one part and the first MB at once
                buffer = Arrays.copyOf(buffer, partSize);
            }
            int n = Math.min(left, buffer.length - filled);
            System.arraycopy(data, from, buffer, filled, n);
            filled += n;
            from += n;
            left -= n;
            bytes += n;
            if (filled == partSize) {
                uploadPart();
            }
        }
    }

    /** Makes the object visible; returns how many parts it took (0 = a single PutObject). */
    public int complete() {
        if (uploadId == null) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), body());
        } else {
            if (filled > 0) {
                uploadPart();
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        }
        completed = true;
        return parts.size();
    }

    public long bytesWritten() {
        return bytes;
    }

    @Override
    public void close() {
        if (!completed && uploadId != null) {
            String abandoned = uploadId;
            uploadId = null; // closed twice (a writer on top closes it too): abort once
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(abandoned));
        }
    }

    private void uploadPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
                    .uploadId();
        }
        int partNumber = parts.size() + 1;
        String eTag = s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber), body())
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        filled = 0;
    }

    /**
     * The buffered bytes as a request body without copying them: the SDK may open the stream more than once (a
     * retried attempt), and the buffer is not written to again until the call has returned.
     */
    private RequestBody body() {
        byte[] data = buffer;
        int length = filled;
        ContentStreamProvider content = () -> new ByteArrayInputStream(data, 0, length);
        return RequestBody.fromContentProvider(content, length, contentType);
    }
}
