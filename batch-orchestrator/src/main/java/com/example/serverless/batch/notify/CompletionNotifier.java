package com.example.serverless.batch.notify;

import com.example.serverless.batch.merge.RunSummary;
import com.example.serverless.common.text.TextLimits;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes the success notification: the run's counts and a time-limited GET link to the output. The link is
 * signed with the function's own role credentials, so it stops working at the requested expiry or when those
 * temporary credentials expire, whichever comes first. (Failures are published by the state machine itself.)
 */
public final class CompletionNotifier {

    private final S3Presigner presigner;
    private final SnsClient sns;
    private final String topicArn;
    private final Duration linkLifetime;

    public CompletionNotifier(S3Presigner presigner, SnsClient sns, String topicArn, Duration linkLifetime) {
        this.presigner = presigner;
        this.sns = sns;
        this.topicArn = topicArn;
        this.linkLifetime = linkLifetime;
    }

    /** @return the SNS message id */
    public String notify(NotifyRequest request) {
        RunSummary summary = request.summary();
        String link = presigner
                .presignGetObject(p -> p.signatureDuration(linkLifetime)
                        .getObjectRequest(g -> g.bucket(summary.bucket()).key(summary.outputKey())))
                .url()
                .toString();
        String subject = "Batch run succeeded: " + summary.runId();
        String message = String.format(
                Locale.ROOT,
                """
                Batch run %s finished.

                Input:        s3://%s/%s (archived to %s)
                Input rows:   %d
                Output rows:  %d
                Error rows:   %d (error table, partition key runId = %s)
                Chunks:       %d
                Duration:     %.1f s

                Download the output (link valid for %d minutes):
                %s
                """,
                summary.runId(),
                summary.bucket(),
                summary.inputKey(),
                request.archiveKey(),
                summary.inputRows(),
                summary.outputRows(),
                summary.errorRows(),
                summary.runId(),
                summary.chunks(),
                summary.durationMillis() / 1000.0,
                linkLifetime.toMinutes(),
                link);
        return sns.publish(b ->
                        b.topicArn(topicArn).subject(truncate(subject, 100)).message(message))
                .messageId();
    }

    private static String truncate(String text, int max) {
        return TextLimits.cut(text, max);
    }
}
