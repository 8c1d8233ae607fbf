package com.example.serverless.batch.handler;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.split.SplitService;
import com.example.serverless.batch.split.Splitter;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import software.amazon.awssdk.services.s3.S3Client;

/** Before the SnapStart snapshot: one whole split (read, CSV parse, chunk and manifest uploads) offline. */
final class SplitPriming extends Priming {

    @Override
    public void prime() {
        RunInput run = PrimingAnswers.read("{" + PrimingAnswers.RUN + "}", RunInput.class);
        String csv = PrimingAnswers.CSV;
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), OfflineS3.client(run.key(), csv, csv))) {
            PrimingAnswers.write(new SplitService(s3, CsvDialect.COMMA, 1000, Splitter.DEFAULT_MAX_CHUNKS).split(run));
        }
    }
}
