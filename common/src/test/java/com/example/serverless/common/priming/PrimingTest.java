package com.example.serverless.common.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.example.serverless.common.priming.OfflineHttpClient.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class PrimingTest {

    @Test
    void offlineClient_runsTheWholeCallWithoutNetworkOrCredentials() {
        // GIVEN no endpoint can be reached: the HTTP client answers from memory
        var http = new OfflineHttpClient(request -> Answer.ok(Map.of("ETag", List.of("\"abc\"")), ""));
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), http)) {
            PutObjectResponse response = s3.putObject(
                    b -> b.bucket("priming").key("k").contentType("text/plain"), RequestBody.fromString("x"));
            assertThat(response.eTag()).isEqualTo("\"abc\"");
        }
        assertThat(http.requests()).isEqualTo(1);
    }

    @Test
    void aFailingPriming_isLoggedAndDoesNotStopTheSnapshot() {
        Priming failing = new Priming() {
            @Override
            public void prime() {
                throw new IllegalStateException("boom");
            }
        };
        assertThatCode(() -> failing.beforeCheckpoint(null)).doesNotThrowAnyException();
    }

    @Test
    void register_worksOutsideACracRuntime_andReturnsTheResource() {
        Priming priming = new Priming() {
            @Override
            public void prime() {}
        };
        assertThat(Priming.register(priming)).isSameAs(priming);
    }
}
