package com.example.serverless.batch.handler;

import com.example.serverless.batch.run.StepJson;
import com.example.serverless.common.priming.OfflineHttpClient;
import com.example.serverless.common.priming.OfflineHttpClient.Answer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Inputs and offline service answers the batch steps' primings share. Holds no SDK client type, so a step's
 * artifact (which carries only its own clients) can load it. The step inputs are the sample events' shapes.
 */
final class PrimingAnswers {

    static final String RUN = "\"runId\":\"input-priming-csv-v2\",\"bucket\":\"priming\","
            + "\"key\":\"input/priming.csv\",\"versionId\":\"v2\"";
    static final String CSV = "uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,Region,Ship Date\n"
            + "2d0f4b1e-7c3a-4e55-9a61-0b8f2c7d1e01,Tuvalu,Baby Food,Offline,H,5/28/2010,Australia and Oceania,"
            + "6/27/2010\n"
            + "not-a-uuid,Grenada,Cereal,Online,X,8/22/2012,Central America and the Caribbean,9/15/2012\n";
    /** The same rows as a split writes them into a chunk: bookkeeping columns first. */
    static final String CHUNK = "#row,#line,#invalidUtf8,#rawBytes,"
            + CSV.replace("\n2d0f", "\n1,2,,,2d0f").replace("\nnot-a", "\n2,3,,,not-a");

    static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:priming";

    private PrimingAnswers() {}

    /** One answer fits every DynamoDB call the steps make (unknown members are ignored): nothing found, all done. */
    static OfflineHttpClient dynamoDb() {
        return new OfflineHttpClient(request -> Answer.ok(
                "{\"Responses\":{},\"UnprocessedKeys\":{},\"UnprocessedItems\":{},\"Items\":[],\"Count\":0}"));
    }

    static OfflineHttpClient sns() {
        return new OfflineHttpClient(request -> Answer.ok("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/"
                + "2010-03-31/\"><PublishResult><MessageId>priming</MessageId></PublishResult></PublishResponse>"));
    }

    static OfflineHttpClient sfn() {
        return new OfflineHttpClient(request -> Answer.ok("{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:"
                + "execution:priming:priming\",\"startDate\":1767225600.0}"));
    }

    static <T> T read(String json, Class<T> type) {
        return StepJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
    }

    static void write(Object value) {
        StepJson.write(OutputStream.nullOutputStream(), value);
    }
}
