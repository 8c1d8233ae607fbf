package com.example.serverless.canary.check;

import com.example.serverless.common.priming.Priming;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * What the canary's first run loads, done before the SnapStart snapshot: the request building and the answer checks
 * (JSON reading of a served and a refused body). No request is sent and no metric is published: a metric written
 * here would be counted as a real check when the version is published.
 */
public final class CanaryPriming extends Priming {

    @Override
    public void prime() {
        HttpRequest.newBuilder(URI.create("https://priming.invalid/hello"))
                .GET()
                .header("Accept", "application/vnd.example.v1+json")
                .build();
        String served = Canary.problemWith(new Expectation.ServedBy("v1"), 200, "{\"apiVersion\":\"v1\"}");
        String refused = Canary.problemWith(
                new Expectation.Refused(403, CanaryConfig.UNKNOWN_VERSION_MESSAGE),
                403,
                "{\"message\":\"" + CanaryConfig.UNKNOWN_VERSION_MESSAGE + "\"}");
        String wrong = Canary.problemWith(new Expectation.ServedBy("v2"), 200, "{\"apiVersion\":\"v1\"}");
        if (served != null || refused != null || wrong == null) {
            throw new IllegalStateException("the canary's answer checks did not judge the primed answers as expected");
        }
    }
}
