package com.example.serverless.batch.handler;

import com.example.serverless.batch.notify.CompletionNotifier;
import com.example.serverless.batch.notify.NotifyRequest;
import com.example.serverless.common.priming.Priming;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Before the SnapStart snapshot: one success notification offline (a presigned link signed with dummy keys, the
 * message, Publish). The real presigner signs with the function's credentials at the first request.
 */
final class NotifyPriming extends Priming {

    @Override
    public void prime() {
        NotifyRequest request = PrimingAnswers.read(
                "{\"summary\":{\"runId\":\"input-priming-csv-v2\",\"bucket\":\"priming\",\"inputKey\":"
                        + "\"input/priming.csv\",\"inputVersionId\":\"v2\",\"outputKey\":\"output/priming.csv\","
                        + "\"summaryKey\":\"output/priming.summary.json\",\"inputRows\":2,\"outputRows\":1,"
                        + "\"errorRows\":1,\"chunks\":1,\"startedAt\":\"2026-01-01T00:00:00Z\",\"finishedAt\":"
                        + "\"2026-01-01T00:00:01Z\",\"durationMillis\":1000},\"archiveKey\":\"input_archive/p.csv\"}",
                NotifyRequest.class);
        try (S3Presigner presigner = S3Presigner.builder()
                        .region(Priming.region())
                        .credentialsProvider(Priming.dummyCredentials())
                        .build();
                SnsClient sns = Priming.offlineClient(SnsClient.builder(), PrimingAnswers.sns())) {
            new CompletionNotifier(presigner, sns, PrimingAnswers.TOPIC, Duration.ofMinutes(60)).notify(request);
        }
    }
}
