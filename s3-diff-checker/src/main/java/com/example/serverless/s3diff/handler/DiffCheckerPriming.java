package com.example.serverless.s3diff.handler;

import com.example.serverless.common.config.Env;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import com.example.serverless.s3diff.CheckResult;
import com.example.serverless.s3diff.DiffChecker;
import com.example.serverless.s3diff.config.DiffCheckerConfig;
import com.example.serverless.s3diff.event.ObjectVersionRef;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@link DiffCheckerHandler}'s first event loads, run before the SnapStart snapshot: one whole check of a text
 * object and one of a JSON object (listing, HEAD, download, line diff or structural diff, report JSON and upload,
 * retention) against an offline S3 client. Nothing leaves the process: bucket {@code priming} exists nowhere.
 */
final class DiffCheckerPriming extends Priming {

    @Override
    public void prime() {
        DiffCheckerConfig config = DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "priming-reports")));
        check(config, "priming/notes.txt", "line one\nline two\n", "line one\nline 2\n");
        check(config, "priming/settings.json", "{\"a\":1,\"b\":[1,2]}", "{\"a\":2,\"b\":[1],\"c\":\"x\"}");
    }

    private static void check(DiffCheckerConfig config, String key, String oldBody, String newBody) {
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), OfflineS3.client(key, oldBody, newBody))) {
            CheckResult result = new DiffChecker(s3, config).check(new ObjectVersionRef("priming", key, "v2"));
            if (result.outcome() != CheckResult.Outcome.REPORTED) { // a short path would leave the diff unprimed
                throw new IllegalStateException("priming " + key + " ended " + result.outcome() + ", not REPORTED");
            }
        }
    }
}
