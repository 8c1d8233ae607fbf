package com.example.serverless.batch.handler;

import com.example.serverless.batch.archive.InputArchiver;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import software.amazon.awssdk.services.s3.S3Client;

/** Before the SnapStart snapshot: one whole archive move (HEAD, copy with tags, delete of the version) offline. */
final class ArchivePriming extends Priming {

    @Override
    public void prime() {
        RunInput run = PrimingAnswers.read("{" + PrimingAnswers.RUN + "}", RunInput.class);
        String csv = PrimingAnswers.CSV;
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), OfflineS3.client(run.key(), csv, csv))) {
            PrimingAnswers.write(new InputArchiver(s3, "input_archive").archive(run));
        }
    }
}
