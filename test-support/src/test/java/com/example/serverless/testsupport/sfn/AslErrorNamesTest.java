package com.example.serverless.testsupport.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AslErrorNamesTest {

    @Test
    void everyKindOfWrongName_isReportedWithItsState() throws Exception {
        String definition = """
                {"StartAt": "Invoke", "States": {
                  "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                    "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "java.io.IOException",
                                               "java.io.IOExceptionn", "java.lang.String", "ThrottledException",
                                               "Lambda.TooManyRequestException", "States.TaskFailed",
                                               "States.Throttled"]}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Invoke"}]},
                  "Map": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Sdk", "States": {
                    "Sdk": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:forecast:deleteDataset",
                      "End": true, "Retry": [{"ErrorEquals": ["Forecast.ResourceInUseException",
                                                             "Forecast.ResourceInUse", "S3.NoSuchKey"]}]}}}}
                }}""";

        assertThat(AslErrorNames.problems(new ObjectMapper().readTree(definition)))
                .containsExactly(
                        "Invoke Retry: 'java.io.IOExceptionn' is not a class on the function's classpath (renamed or"
                                + " misspelt?)",
                        "Invoke Retry: 'java.lang.String' is a class but not a Throwable",
                        "Invoke Retry: 'ThrottledException' is not what a Java function reports: its errorType is"
                                + " the exception's fully qualified class name",
                        "Invoke Retry: 'Lambda.TooManyRequestException' is not an error of Lambda's Invoke API or"
                                + " its integration",
                        "Invoke Retry: 'States.Throttled' is not an error Step Functions defines",
                        "Sdk Retry: 'Forecast.ResourceInUse' is not an error of the forecast API",
                        "Sdk Retry: 'S3.NoSuchKey' is not an error of the forecast API");
    }
}
