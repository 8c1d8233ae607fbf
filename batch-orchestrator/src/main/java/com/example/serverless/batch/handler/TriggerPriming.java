package com.example.serverless.batch.handler;

import com.example.serverless.batch.trigger.RunStarter;
import com.example.serverless.common.priming.Priming;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Before the SnapStart snapshot: one run start (execution name, input JSON, StartExecution) offline. */
final class TriggerPriming extends Priming {

    @Override
    public void prime() {
        try (SfnClient sfn = Priming.offlineClient(SfnClient.builder(), PrimingAnswers.sfn())) {
            RunStarter starter = new RunStarter(sfn, "arn:aws:states:us-east-1:000000000000:stateMachine:priming");
            starter.start("priming", "input/priming.csv", "v2", "\"v2\"", "priming");
        }
    }
}
