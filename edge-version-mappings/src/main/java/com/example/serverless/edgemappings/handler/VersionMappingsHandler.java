package com.example.serverless.edgemappings.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.deadline.DeadlineExceededException;
import com.example.serverless.common.metrics.FunctionMetrics;
import com.example.serverless.common.tracing.Tracing;
import com.example.serverless.edgemappings.mapping.InvalidMappingsException;
import com.example.serverless.edgemappings.mapping.VersionMappings;
import com.example.serverless.edgemappings.table.MappingTable;
import com.example.serverless.edgemappings.table.MappingWriteException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.cloudformation.AbstractCustomResourceHandler;
import software.amazon.lambda.powertools.cloudformation.Response;

/**
 * CloudFormation custom resource {@code Custom::EdgeVersionMappings}: keeps the API version mappings given in the
 * template (property {@code Mappings}, a JSON list of {version, domain, path}) in the edge routing table
 * (property {@code TableName}).
 * <ul>
 *   <li>Create: writes the mappings; Update: writes the new set and removes versions dropped from it; both atomic.</li>
 *   <li>Delete: removes the items this resource wrote, and only those.</li>
 *   <li>Any failure: FAILED with the reason (bad JSON, bad domain, a version owned by someone else, missing table),
 *       which CloudFormation shows in the stack events. Powertools sends the response to the pre-signed URL.</li>
 * </ul>
 */
public class VersionMappingsHandler extends AbstractCustomResourceHandler {

    static final String TABLE_NAME = "TableName";
    static final String MAPPINGS = "Mappings";
    private static final Logger LOG = LogManager.getLogger(VersionMappingsHandler.class);

    private final MappingTable table;
    private final FunctionMetrics metrics;

    public VersionMappingsHandler() {
        this(
                AwsClients.httpClient(ClientTimeouts.STREAMING),
                AwsClients.configure(DynamoDbClient.builder(), ClientTimeouts.FAST)
                        .build(),
                Clock.systemUTC());
    }

    VersionMappingsHandler(SdkHttpClient responseClient, DynamoDbClient dynamoDb, Clock clock) {
        this(responseClient, dynamoDb, clock, Env.system());
    }

    VersionMappingsHandler(SdkHttpClient responseClient, DynamoDbClient dynamoDb, Clock clock, Env env) {
        super(responseClient);
        this.table = new MappingTable(dynamoDb, clock);
        this.metrics = FunctionMetrics.forFunction(env, "edge", "version-mappings");
    }

    @Override
    protected Response create(CloudFormationCustomResourceEvent event, Context context) {
        return respond(event, context, () -> {
            String tableName = tableName(event.getResourceProperties());
            VersionMappings desired = VersionMappings.parse(mappingsJson(event.getResourceProperties()));
            table.apply(tableName, owner(event), desired, List.of());
            metrics.count("MappingWrites", desired.mappings().size());
            return success(tableName, desired);
        });
    }

    @Override
    protected Response update(CloudFormationCustomResourceEvent event, Context context) {
        return respond(event, context, () -> {
            String tableName = tableName(event.getResourceProperties());
            VersionMappings desired = VersionMappings.parse(mappingsJson(event.getResourceProperties()));
            Map<String, Object> old = event.getOldResourceProperties();
            // versions written by the previous state of this resource in the same table; a new table gets a new
            // physical id, and CloudFormation then sends Delete for the old one with the old properties
            List<String> previous =
                    tableName.equals(old == null ? null : old.get(TABLE_NAME)) ? previousVersions(old) : List.of();
            table.apply(tableName, owner(event), desired, previous);
            metrics.count("MappingWrites", desired.mappings().size());
            return success(tableName, desired);
        });
    }

    @Override
    protected Response delete(CloudFormationCustomResourceEvent event, Context context) {
        return respond(event, context, () -> {
            Map<String, Object> properties = event.getResourceProperties();
            Object tableName = properties == null ? null : properties.get(TABLE_NAME);
            if (!(tableName instanceof String name) || name.isBlank()) {
                LOG.warn("Delete without a TableName: nothing was ever written");
                return Response.success(event.getPhysicalResourceId());
            }
            int removed = table.remove(name, owner(event), previousVersions(properties));
            LOG.info("version mappings removed: table={} items={}", name, removed);
            return Response.success(event.getPhysicalResourceId());
        });
    }

    /** A response that could not be delivered fails the invocation, so Lambda's retry sends it again. */
    @Override
    protected void onSendFailure(
            CloudFormationCustomResourceEvent event, Context context, Response response, Exception exception) {
        throw new IllegalStateException("could not send the response to CloudFormation", exception);
    }

    private Response respond(CloudFormationCustomResourceEvent event, Context context, Action action) {
        try (var ids = CloseableThreadContext.put("requestId", context.getAwsRequestId())
                        .put("requestType", event.getRequestType())
                        .put("logicalResourceId", event.getLogicalResourceId());
                Tracing.Span span = Tracing.span("version-mappings")) {
            // the trace of a deploy's custom resource call, found by the resource and its table
            span.annotate("requestType", event.getRequestType())
                    .annotate("logicalResourceId", event.getLogicalResourceId())
                    .annotate("table", tableNameOrNull(event.getResourceProperties()));
            Deadline deadline = Deadline.fromRemaining(context.getRemainingTimeInMillis());
            try {
                deadline.check(event.getRequestType());
                return action.run();
            } catch (DeadlineExceededException e) {
                // answer FAILED now: a custom resource that never answers holds the stack for an hour
                span.failed(e);
                metrics.count(FunctionMetrics.DEADLINE_EXCEEDED, 1);
                LOG.error("{} stopped: {}", event.getRequestType(), e.getMessage());
                return failed(event, e.getMessage());
            } catch (InvalidMappingsException | MappingWriteException e) {
                span.failed(e);
                LOG.error("{} failed: {}", event.getRequestType(), e.getMessage());
                metrics.count("MappingWriteFailures", 1);
                return failed(event, e.getMessage());
            } catch (SdkException e) {
                span.failed(e);
                LOG.error("{} failed talking to DynamoDB", event.getRequestType(), e);
                metrics.count("MappingWriteFailures", 1);
                return failed(event, "DynamoDB error: " + e.getMessage());
            } finally {
                metrics.flush();
            }
        }
    }

    private static Response failed(CloudFormationCustomResourceEvent event, String reason) {
        // keep an existing physical id: a new one on a failed Update would make CloudFormation delete the old one
        String physicalId = event.getPhysicalResourceId() != null
                ? event.getPhysicalResourceId()
                : physicalId(String.valueOf(
                        event.getResourceProperties() == null
                                ? null
                                : event.getResourceProperties().get(TABLE_NAME)));
        return Response.builder()
                .status(Response.Status.FAILED)
                .physicalResourceId(physicalId)
                .reason(reason.length() > 1000 ? reason.substring(0, 1000) + "..." : reason)
                .build();
    }

    private static Response success(String tableName, VersionMappings desired) {
        return Response.builder()
                .status(Response.Status.SUCCESS)
                .physicalResourceId(physicalId(tableName))
                .value(Map.of("TableName", tableName, "Versions", String.join(",", desired.versions())))
                .build();
    }

    static String physicalId(String tableName) {
        return "edge-version-mappings/" + tableName;
    }

    /** Owner of the items: stable across updates of the same resource, distinct for every stack and resource. */
    static String owner(CloudFormationCustomResourceEvent event) {
        return Objects.requireNonNull(event.getStackId(), "StackId") + "/" + event.getLogicalResourceId();
    }

    /** For the trace only: the table named in the properties, if one is (the request may be malformed). */
    private static String tableNameOrNull(Map<String, Object> properties) {
        Object value = properties == null ? null : properties.get(TABLE_NAME);
        return value instanceof String name ? name : null;
    }

    private static String tableName(Map<String, Object> properties) {
        Object value = properties == null ? null : properties.get(TABLE_NAME);
        if (!(value instanceof String name) || name.isBlank()) {
            throw new InvalidMappingsException("property " + TABLE_NAME + " is required");
        }
        return name;
    }

    private static String mappingsJson(Map<String, Object> properties) {
        Object value = properties == null ? null : properties.get(MAPPINGS);
        if (!(value instanceof String json)) {
            throw new InvalidMappingsException(
                    "property " + MAPPINGS + " is required: a JSON string listing {version, domain, path}");
        }
        return json;
    }

    /** The versions an earlier, already applied property set named; unreadable old properties name none. */
    private static List<String> previousVersions(Map<String, Object> properties) {
        try {
            return VersionMappings.parse(mappingsJson(properties)).versions();
        } catch (InvalidMappingsException e) {
            return List.of(); // never applied, so nothing of it is in the table
        }
    }

    @FunctionalInterface
    private interface Action {
        Response run();
    }
}
