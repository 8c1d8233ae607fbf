import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.tracing.Tracing;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** What tracing adds to a function's init once the classes every function loads anyway are loaded. */
public class TracingInitBench {
    static S3Client client(List<ExecutionInterceptor> interceptors) {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(OfflineS3.client("k", "a", "b"))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(interceptors)
                        .build())
                .build();
    }

    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        org.apache.logging.log4j.LogManager.getLogger(TracingInitBench.class).debug("x");
        new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"a\":[1,2]}");
        try (S3Client s3 = client(List.of())) {
            s3.getObject(b -> b.bucket("b").key("k")).close();
        }
        long t1 = System.nanoTime();
        List<ExecutionInterceptor> tracing = Tracing.sdkInterceptors();
        long t2 = System.nanoTime();
        try (S3Client s3 = client(tracing);
                var span = Tracing.span("probe")) {
            span.annotate("bucket", "b");
            s3.getObject(b -> b.bucket("b").key("k")).close();
        }
        long t3 = System.nanoTime();
        try (S3Client s3 = client(List.of())) {
            s3.getObject(b -> b.bucket("b").key("k")).close();
        }
        long t4 = System.nanoTime();
        System.out.printf(
                "shared classes %.0f ms; tracing init %.0f ms (%.2fx the shared classes); first traced call %.0f ms;"
                        + " same call untraced %.0f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (double) (t2 - t1) / (t1 - t0), (t3 - t2) / 1e6, (t4 - t3) / 1e6);
    }
}
