package com.example.serverless.batch.failure;

import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.batch.split.Manifest;
import com.example.serverless.common.text.TextLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The failure path of a run: removes the error rows the failed run had recorded (so the error table only ever
 * holds errors of successful runs, or of a run still in progress), then tells the requester in plain words which
 * run failed, where (chunk and row range, from the manifest), with which error, and what to do.
 */
public final class FailureNotifier {

    private static final Logger LOG = LogManager.getLogger(FailureNotifier.class);

    private final S3Client s3;
    private final SnsClient sns;
    private final String topicArn;
    private final ToLongFunction<String> removeErrorRows;
    private final FailureExplainer explainer = new FailureExplainer();

    /** @param removeErrorRows deletes every error item of a run id and returns how many there were */
    public FailureNotifier(S3Client s3, SnsClient sns, String topicArn, ToLongFunction<String> removeErrorRows) {
        this.s3 = s3;
        this.sns = sns;
        this.topicArn = topicArn;
        this.removeErrorRows = removeErrorRows;
    }

    /** @return the SNS message id */
    public String handle(FailureRequest request) {
        FailureRequest.Caught caught =
                request.failure() == null ? new FailureRequest.Caught(null, null) : request.failure();
        FailureExplanation explanation = explainer.explain(caught.error(), caught.cause());
        // error rows of a published output stay: they are the rows missing from it, and the summary counts them
        long removed = request.outputPublished() ? 0 : removeErrorRows.applyAsLong(request.runId());
        LOG.info(
                "run failed with {} ({}); output published: {}; removed {} error rows it had recorded",
                explanation.errorType(),
                explanation.part() == null ? "not a chunk" : "chunk " + explanation.part(),
                request.outputPublished(),
                removed);
        String message = message(request, explanation, manifest(request), removed);
        String subject = TextLimits.cut("Batch run failed: " + request.runId(), 100);
        return sns.publish(b -> b.topicArn(topicArn).subject(subject).message(message))
                .messageId();
    }

    static String message(
            FailureRequest request, FailureExplanation explanation, Optional<Manifest> manifest, long removed) {
        StringBuilder text = new StringBuilder();
        text.append("Batch run ")
                .append(request.runId())
                .append(
                        request.outputPublished()
                                ? " failed after its output was published: s3://" + request.bucket() + "/"
                                        + RunLayout.outputKey(request.runId()) + " and its summary are complete, but"
                                        + " archiving the input failed, so the input was left"
                                : " failed. Nothing was published. The input was left")
                .append(" where it was uploaded (not archived).\n\n");
        text.append("Input:      s3://").append(request.bucket()).append('/').append(request.key());
        if (request.versionId() != null) {
            text.append(" (version ").append(request.versionId()).append(')');
        }
        text.append('\n');
        text.append("Where:      ").append(where(explanation.part(), manifest)).append('\n');
        text.append("Error:      ").append(explanation.errorType());
        if (!explanation.errorMessage().isEmpty()) {
            text.append(": ").append(explanation.errorMessage());
        }
        text.append("\n\nWhat to do: ").append(explanation.advice()).append("\n\n");
        text.append("Error rows: ")
                .append(
                        request.outputPublished()
                                ? "kept in the error table with the published output (its summary counts them)."
                                : removed == 0
                                        ? "the run had recorded none."
                                        : "the " + removed
                                                + " error rows this run had recorded were removed from the error table, which"
                                                + " keeps the errors of successful runs only.")
                .append('\n');
        return text.toString();
    }

    private static String where(Integer part, Optional<Manifest> manifest) {
        if (part == null) {
            return "a step of the main workflow (split, merge or archive), not a single chunk";
        }
        if (manifest.isEmpty()) {
            return "chunk " + part;
        }
        long first = 1;
        for (Manifest.Chunk chunk : manifest.get().chunks()) {
            if (chunk.part() == part) {
                return "chunk %d of %d, data rows %d-%d (%s)"
                        .formatted(part, manifest.get().chunks().size(), first, first + chunk.rows() - 1, chunk.key());
            }
            first += chunk.rows();
        }
        return "chunk " + part;
    }

    private Optional<Manifest> manifest(FailureRequest request) {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(request.bucket()).key(RunLayout.manifestKey(request.runId())))) {
            return Optional.of(StepJson.read(in, Manifest.class));
        } catch (S3Exception e) {
            // no manifest (the split failed before writing it) or unreadable: notify without the row range
            if (e.statusCode() != 404) {
                LOG.warn("could not read the run's manifest for the row range: {}", e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
