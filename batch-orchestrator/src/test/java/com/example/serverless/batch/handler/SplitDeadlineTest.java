package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.split.SplitService;
import com.example.serverless.batch.split.Splitter;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.deadline.DeadlineExceededException;
import com.example.serverless.common.priming.OfflineHttpClient;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class SplitDeadlineTest {

    @Test
    void aPassedDeadline_stopsBeforeAnyChunkOrManifestIsWritten() {
        RunInput run = PrimingAnswers.read("{" + PrimingAnswers.RUN + "}", RunInput.class);
        OfflineHttpClient http = OfflineS3.client(run.key(), PrimingAnswers.CSV, PrimingAnswers.CSV);
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), http)) {
            SplitService service = new SplitService(s3, CsvDialect.COMMA, 1000, Splitter.DEFAULT_MAX_CHUNKS);

            assertThatThrownBy(() -> service.split(run, Deadline.fromRemaining(0, Duration.ZERO)))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("split chunk");
            assertThat(http.requests()).as("only the input was read").isEqualTo(1);

            service.split(run, Deadline.NONE);
            assertThat(http.requests()).as("read, one chunk, the manifest").isEqualTo(4);
        }
    }
}
