package com.example.serverless.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.run.RunInput;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** The archive's multipart copy (inputs above CopyObject's 5 GiB), forced onto a small object against moto. */
@LocalAwsTest
class InputArchiverIT {

    private static final long MIB = 1024 * 1024;

    private final S3Client s3;

    InputArchiverIT(LocalAws aws) {
        this.s3 = aws.configure(S3Client.builder()).forcePathStyle(true).build();
    }

    @Test
    void anInputAboveTheThreshold_isCopiedInParts_byteForByte_withItsTypeMetadataAndTags() {
        // GIVEN an 11 MiB input version (parts of 5 MiB, S3's smallest allowed: three parts, the last one short)
        String bucket = LocalAws.uniqueName("batch");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        byte[] content = new byte[(int) (11 * MIB + 123)];
        new Random(7).nextBytes(content);
        String version = s3.putObject(
                        b -> b.bucket(bucket)
                                .key("input/big file.csv")
                                .contentType("text/csv")
                                .metadata(Map.of("uploaded-by", "finance"))
                                .tagging("team=sales&note=a%20b"),
                        RequestBody.fromBytes(content))
                .versionId();
        InputArchiver archiver = new InputArchiver(s3, "input_archive", 1 * MIB, 5 * MIB);
        RunInput run = new RunInput(bucket, "input/big file.csv", version, "run-big");

        // WHEN
        String target = archiver.archive(run);

        // THEN the copy is complete and exact, made of three parts, and the source version is gone
        assertThat(target).isEqualTo("input_archive/big file.csv");
        byte[] archived = s3.getObjectAsBytes(b -> b.bucket(bucket).key(target)).asByteArray();
        assertThat(archived.length).isEqualTo(content.length);
        assertThat(Arrays.equals(archived, content)).isTrue();
        var head = s3.headObject(b -> b.bucket(bucket).key(target));
        assertThat(head.eTag()).as("a multipart ETag names its part count").endsWith("-3\"");
        assertThat(head.contentType()).isEqualTo("text/csv");
        assertThat(head.metadata())
                .containsEntry("uploaded-by", "finance")
                .containsEntry("source-run-id", "run-big")
                .containsEntry("source-version-id", version);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key(target)).tagSet())
                .extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("team", "sales"),
                        org.assertj.core.groups.Tuple.tuple("note", "a b"));
        assertThatThrownBy(() -> s3.headObject(
                        b -> b.bucket(bucket).key("input/big file.csv").versionId(version)))
                .isInstanceOf(S3Exception.class);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();

        // AND a retry after the move finds the archived copy
        assertThat(archiver.archive(run)).isEqualTo(target);
    }

    @Test
    void aFailedMultipartCopy_abortsTheUpload_andLeavesTheInputInPlace() {
        // GIVEN parts of 1 MiB, below S3's 5 MiB minimum: the parts copy, completing the upload fails
        String bucket = LocalAws.uniqueName("batch");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String version = s3.putObject(
                        b -> b.bucket(bucket).key("input/x.csv"), RequestBody.fromBytes(new byte[(int) (3 * MIB)]))
                .versionId();
        InputArchiver archiver = new InputArchiver(s3, "input_archive", 1, 1 * MIB);

        assertThatThrownBy(() -> archiver.archive(new RunInput(bucket, "input/x.csv", version, "run-x")))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("smaller than the minimum allowed");

        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(s3.headObject(b -> b.bucket(bucket).key("input/x.csv").versionId(version))
                        .contentLength())
                .isEqualTo(3 * MIB);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("input_archive/x.csv")))
                .isInstanceOf(S3Exception.class);
    }
}
