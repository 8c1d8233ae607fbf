package com.example.serverless.canary.handler;

import com.example.serverless.canary.check.CheckResult;
import java.util.List;

/** Where one run's results go as metrics; the function uses {@link EmfCheckMetrics}, tests a recording one. */
interface CheckMetrics {

    void publish(List<CheckResult> results);
}
