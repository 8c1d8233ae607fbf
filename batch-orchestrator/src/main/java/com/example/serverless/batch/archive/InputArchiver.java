package com.example.serverless.batch.archive;

import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.RunLayout;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Moves the processed input (the exact version that was processed) into the archive folder: copy, then delete
 * that version. Runs only after a successful merge, so a failed run leaves its input in {@code input/}. Keys go
 * to the SDK as fields, never hand-built {@code CopySource} strings, so spaces and non-ASCII names survive. A
 * retry after the delete finds the archived copy (tagged with the source version) and reports success. An input
 * above 5 GiB (CopyObject's limit) is copied in parts with UploadPartCopy, server side.
 *
 * <p>Hand-written multipart copy (about 80 lines) rather than the SDK's S3TransferManager: the transfer manager
 * needs the asynchronous CRT-based client (a native library of several MB per architecture) that the suite keeps
 * off the Lambda classpath; the copy is a handful of calls on the synchronous client the function already has.
 */
public final class InputArchiver {

    static final String SOURCE_VERSION = "source-version-id";
    static final String SOURCE_RUN = "source-run-id";

    /** CopyObject copies at most 5 GiB; above that S3 requires a multipart copy (UploadPartCopy). */
    static final long COPY_OBJECT_LIMIT = 5L * 1024 * 1024 * 1024;
    /** Multipart copy parts: big enough that 10,000 parts cover 5 TiB, S3's largest object. */
    static final long PART_SIZE = 512L * 1024 * 1024;

    private static final int MAX_PARTS = 10_000;
    private static final int PARALLEL_PARTS = 8;

    private final S3Client s3;
    private final String archiveFolder;
    private final long multipartAbove;
    private final long partSize;

    public InputArchiver(S3Client s3, String archiveFolder) {
        this(s3, archiveFolder, COPY_OBJECT_LIMIT, PART_SIZE);
    }

    /** Tests lower the threshold and the part size so a small object takes the multipart path. */
    InputArchiver(S3Client s3, String archiveFolder, long multipartAbove, long partSize) {
        this.s3 = s3;
        this.archiveFolder = checkedFolder(archiveFolder);
        this.multipartAbove = multipartAbove;
        this.partSize = partSize;
    }

    /**
     * @return the folder without leading or trailing slashes
     * @throws IllegalArgumentException when it is empty or inside {@code input/} (archiving there would trigger a
     *     new run)
     */
    public static String checkedFolder(String archiveFolder) {
        String folder = RunLayout.trimSlashes(archiveFolder);
        if (folder.isEmpty() || (folder + "/").startsWith(RunLayout.INPUT_PREFIX)) {
            throw new IllegalArgumentException("archive folder '" + archiveFolder
                    + "' must be set and outside input/ (archiving there would trigger a new run)");
        }
        return folder;
    }

    /** @return the archive key */
    public String archive(RunInput run) {
        String target = RunLayout.archiveKey(archiveFolder, run.key());
        try {
            // REPLACE (to tag the copy) would drop the source's Content-Type and user metadata: carry them over
            HeadObjectResponse source =
                    s3.headObject(b -> b.bucket(run.bucket()).key(run.key()).versionId(run.versionId()));
            Map<String, String> metadata = new HashMap<>(source.metadata());
            metadata.put(SOURCE_VERSION, String.valueOf(run.versionId()));
            metadata.put(SOURCE_RUN, run.runId());
            if (source.contentLength() != null && source.contentLength() > multipartAbove) {
                new MultipartCopy(s3, run, target, source.contentLength(), partSizeFor(source.contentLength()))
                        .copy(source.contentType(), metadata, tagsOf(run));
            } else {
                s3.copyObject(b -> b.sourceBucket(run.bucket())
                        .sourceKey(run.key())
                        .sourceVersionId(run.versionId())
                        .destinationBucket(run.bucket())
                        .destinationKey(target)
                        .metadataDirective(MetadataDirective.REPLACE)
                        .contentType(source.contentType())
                        .metadata(metadata));
            }
        } catch (NoSuchKeyException e) {
            if (alreadyArchived(run, target)) {
                return target;
            }
            throw e;
        } catch (S3Exception e) {
            // a missing source version answers 404 NoSuchVersion, which the SDK has no class for
            if (e.statusCode() == 404 && alreadyArchived(run, target)) {
                return target;
            }
            throw e;
        }
        s3.deleteObject(b -> b.bucket(run.bucket()).key(run.key()).versionId(run.versionId()));
        return target;
    }

    /** The configured part size, raised when needed so that no object needs more than 10,000 parts. */
    private long partSizeFor(long size) {
        return Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /** CopyObject carries the source's tags over; a multipart copy must set them itself (URL query form). */
    private String tagsOf(RunInput run) {
        List<Tag> tags = s3.getObjectTagging(
                        b -> b.bucket(run.bucket()).key(run.key()).versionId(run.versionId()))
                .tagSet();
        return tags.stream()
                .map(tag -> URLEncoder.encode(tag.key(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(tag.value(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Copies the run's input version in byte ranges with UploadPartCopy, {@value #PARALLEL_PARTS} parts at a time
     * (each part is a server-side copy; nothing passes through the function), then completes the upload in part
     * order. Any failure aborts the upload, so no incomplete upload is left to pay for (the bucket's lifecycle rule
     * removes any a crash leaves).
     */
    private static final class MultipartCopy {
        private final S3Client s3;
        private final RunInput run;
        private final String target;
        private final long size;
        private final long partSize;

        MultipartCopy(S3Client s3, RunInput run, String target, long size, long partSize) {
            this.s3 = s3;
            this.run = run;
            this.target = target;
            this.size = size;
            this.partSize = partSize;
        }

        void copy(String contentType, Map<String, String> metadata, String tagging) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(run.bucket())
                            .key(target)
                            .contentType(contentType)
                            .metadata(metadata)
                            .tagging(tagging.isEmpty() ? null : tagging))
                    .uploadId();
            int parts = (int) ((size + partSize - 1) / partSize);
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_PARTS, parts));
            try {
                List<Future<CompletedPart>> copies = new ArrayList<>(parts);
                for (int part = 1; part <= parts; part++) {
                    int number = part;
                    copies.add(pool.submit(() -> copyPart(uploadId, number)));
                }
                List<CompletedPart> completed = new ArrayList<>(parts);
                for (Future<CompletedPart> copy : copies) {
                    completed.add(copy.get());
                }
                s3.completeMultipartUpload(b ->
                        b.bucket(run.bucket()).key(target).uploadId(uploadId).multipartUpload(m -> m.parts(completed)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(uploadId, e);
                throw new IllegalStateException("interrupted while copying " + run.key(), e);
            } catch (ExecutionException e) {
                abort(uploadId, e);
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause; // keep the SDK's exception class: the state machine's Retry matches on it
                }
                throw new IllegalStateException("copying " + run.key() + " failed", e.getCause());
            } catch (RuntimeException e) {
                abort(uploadId, e);
                throw e;
            } finally {
                pool.shutdownNow();
            }
        }

        private CompletedPart copyPart(String uploadId, int number) {
            long first = (number - 1) * partSize;
            long last = Math.min(size, first + partSize) - 1;
            String etag = s3.uploadPartCopy(b -> b.sourceBucket(run.bucket())
                            .sourceKey(run.key())
                            .sourceVersionId(run.versionId())
                            .copySourceRange("bytes=" + first + "-" + last)
                            .destinationBucket(run.bucket())
                            .destinationKey(target)
                            .uploadId(uploadId)
                            .partNumber(number))
                    .copyPartResult()
                    .eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }

        private void abort(String uploadId, Exception cause) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(run.bucket()).key(target).uploadId(uploadId));
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private boolean alreadyArchived(RunInput run, String target) {
        try {
            Map<String, String> metadata =
                    s3.headObject(b -> b.bucket(run.bucket()).key(target)).metadata();
            return run.runId().equals(metadata.get(SOURCE_RUN));
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
