package com.example.serverless.s3diff.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Lists every version of one exact key. {@code Prefix=key} alone also returns {@code a.txt.old.txt} and
 * {@code a.txt/x.txt} for {@code a.txt} (the sample's bug), so entries are kept only when their key is equal; the
 * paginator follows {@code KeyMarker}/{@code VersionIdMarker} through any number of versions.
 */
public final class KeyHistoryReader {

    private final S3Client s3;

    public KeyHistoryReader(S3Client s3) {
        this.s3 = s3;
    }

    public KeyHistory read(String bucket, String key) {
        List<VersionEntry> versions = new ArrayList<>();
        List<VersionEntry> deleteMarkers = new ArrayList<>();
        ListObjectVersionsRequest request =
                ListObjectVersionsRequest.builder().bucket(bucket).prefix(key).build();
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(request)) {
            for (ObjectVersion version : page.versions()) {
                if (key.equals(version.key())) {
                    versions.add(VersionEntry.object(
                            version.versionId(), version.lastModified(), version.size(), version.eTag()));
                }
            }
            for (DeleteMarkerEntry marker : page.deleteMarkers()) {
                if (key.equals(marker.key())) {
                    deleteMarkers.add(VersionEntry.deleteMarker(marker.versionId(), marker.lastModified()));
                }
            }
            // the key itself is the first key under Prefix=key, so once the listing's next marker is another key
            // every version of ours has been seen: stop instead of paging through a.txt.old.txt's history
            if (Boolean.TRUE.equals(page.isTruncated()) && !key.equals(page.nextKeyMarker())) {
                break;
            }
        }
        return new KeyHistory(key, versions, deleteMarkers);
    }
}
