package com.example.serverless.forecast.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked: the state machine's role in template.yaml allows exactly the Forecast actions that
 * statemachines/forecast.asl.json calls, no more (a stale grant) and no fewer (a run that fails on AccessDenied).
 */
class ForecastTemplatePolicyTest {

    @Test
    void stateMachineRoleAllowsExactlyTheForecastActionsTheDefinitionCalls() throws IOException {
        String definition = Files.readString(ProjectPaths.root().resolve("statemachines/forecast.asl.json"));
        Set<String> called = new TreeSet<>();
        Matcher resource =
                Pattern.compile("arn:aws:states:::aws-sdk:forecast:(\\w+)").matcher(definition);
        while (resource.find()) {
            String action = resource.group(1);
            called.add("forecast:" + Character.toUpperCase(action.charAt(0)) + action.substring(1));
        }

        String template = Files.readString(ProjectPaths.root().resolve("template.yaml"));
        String block = template.substring(
                template.indexOf("# ==== forecast-workflow"), template.indexOf("# ==== end of forecast-workflow"));
        Set<String> granted = new TreeSet<>();
        Matcher action = Pattern.compile("- (forecast:\\w+)").matcher(block);
        while (action.find()) {
            granted.add(action.group(1));
        }

        assertThat(called).hasSize(20);
        assertThat(granted).containsExactlyElementsOf(called);
        // a wildcard action, in a list or inline ("...stateMachine:<stack>-forecast:*" in the trust policy is an ARN)
        assertThat(block)
                .doesNotContainPattern("(?m)(^\\s*-|Action:)\\s*'?forecast:\\*")
                .doesNotContain("AmazonForecastFullAccess", "Action: '*'");
    }
}
