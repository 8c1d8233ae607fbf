package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Creates the module's buckets and tables on a local endpoint, shaped as template.yaml shapes them. */
final class LocalResources {

    private LocalResources() {}

    static S3Client s3(LocalAws aws) {
        return aws.configure(S3Client.builder()).forcePathStyle(true).build();
    }

    static DynamoDbClient dynamoDb(LocalAws aws) {
        return aws.configure(DynamoDbClient.builder()).build();
    }

    static String versionedBucket(S3Client s3) {
        String bucket = LocalAws.uniqueName("batch");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    static String referenceTable(DynamoDbClient dynamoDb) {
        String name = LocalAws.uniqueName("batch-reference");
        dynamoDb.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("uuid").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("uuid").keyType(KeyType.HASH)));
        return name;
    }

    static String errorTable(DynamoDbClient dynamoDb) {
        String name = LocalAws.uniqueName("batch-errors");
        dynamoDb.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("runId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("rowNumber").attributeType(ScalarAttributeType.N))
                .keySchema(
                        k -> k.attributeName("runId").keyType(KeyType.HASH),
                        k -> k.attributeName("rowNumber").keyType(KeyType.RANGE)));
        return name;
    }

    /** Invokes a stream handler the way Step Functions' lambda:invoke does: JSON in, JSON out. */
    static JsonNode invoke(RequestStreamHandler handler, String json) {
        return invoke(handler, json, new TestLambdaContext("batch"));
    }

    /** As {@link #invoke(RequestStreamHandler, String)}, with the caller's context (e.g. a function's timeout). */
    static JsonNode invoke(RequestStreamHandler handler, String json, TestLambdaContext context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(
                    new ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, context);
            return StepJson.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
