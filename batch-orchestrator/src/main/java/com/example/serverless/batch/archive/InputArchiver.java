package com.example.serverless.batch.archive;

import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.RunLayout;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves the processed input (the exact version that was processed) into the archive folder: copy, then delete
 * that version. Runs only after a successful merge, so a failed run leaves its input in {@code input/}. Keys go
 * to the SDK as fields, never hand-built {@code CopySource} strings, so spaces and non-ASCII names survive. A
 * retry after the delete finds the archived copy (tagged with the source version) and reports success.
 */
public final class InputArchiver {

    static final String SOURCE_VERSION = "source-version-id";
    static final String SOURCE_RUN = "source-run-id";

    private final S3Client s3;
    private final String archiveFolder;

    public InputArchiver(S3Client s3, String archiveFolder) {
        this.s3 = s3;
        this.archiveFolder = checkedFolder(archiveFolder);
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
            s3.copyObject(b -> b.sourceBucket(run.bucket())
                    .sourceKey(run.key())
                    .sourceVersionId(run.versionId())
                    .destinationBucket(run.bucket())
                    .destinationKey(target)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(source.contentType())
                    .metadata(metadata));
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
