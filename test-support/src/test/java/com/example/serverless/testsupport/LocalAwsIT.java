package com.example.serverless.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@LocalAwsTest
class LocalAwsIT {

    @Test
    void endpoint_servesRealS3RequestsOverHttp(LocalAws aws) {
        // GIVEN a client pointed at the local endpoint and a bucket of its own
        try (S3Client s3 =
                aws.configure(S3Client.builder()).forcePathStyle(true).build()) {
            String bucket = LocalAws.uniqueName("local-aws-it");
            s3.createBucket(b -> b.bucket(bucket));

            // WHEN an object is written and read back
            s3.putObject(b -> b.bucket(bucket).key("dir/a b.txt"), RequestBody.fromString("hello"));
            String body = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/a b.txt"))
                    .asUtf8String();

            // THEN the endpoint really stored it
            assertThat(body).isEqualTo("hello");
            assertThat(aws.endpoint().getHost()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void environment_pointsChildProcessesAtTheEndpoint(LocalAws aws) {
        assertThat(aws.environment())
                .containsEntry("AWS_ENDPOINT_URL", aws.endpoint().toString())
                .containsEntry("AWS_REGION", "us-east-1");
    }

    @Test
    void unreachableEndpoint_failsInsteadOfSkipping() {
        assertThatThrownBy(() -> LocalAws.requireReachable(URI.create("http://127.0.0.1:1"), "test"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("fail rather than skip");
    }
}
