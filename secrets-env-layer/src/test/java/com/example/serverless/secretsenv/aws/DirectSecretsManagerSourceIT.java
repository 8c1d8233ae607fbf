package com.example.serverless.secretsenv.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.process.InterceptingProxy;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The fetcher's direct source next to the SDK client it stands in for, both over real HTTP through a recording
 * proxy: the same request on the wire, a signature that verifies the way AWS verifies it (moto does not), and the
 * same messages for the same failures.
 */
@LocalAwsTest
class DirectSecretsManagerSourceIT {

    private static final AwsSessionCredentialsIdentity CREDENTIALS =
            AwsSessionCredentialsIdentity.create("ASIAFUNCTIONROLE", "function-secret-key", "function-session-token");
    private static final Duration BUDGET = Duration.ofSeconds(5);

    private final LocalAws aws;
    private final SecretsManagerClient admin;

    DirectSecretsManagerSourceIT(LocalAws aws) {
        this.aws = aws;
        this.admin = aws.configure(SecretsManagerClient.builder()).build();
    }

    private static SecretsEnvConfig config(String timeoutMs) {
        return SecretsEnvConfig.fromEnvironment(Map.of(
                "AWS_REGION", "us-east-1", "SECRETS_ENV_SECRETS", "unused", "SECRETS_ENV_TIMEOUT_MS", timeoutMs));
    }

    private static SecretSource direct(URI endpoint, String timeoutMs) {
        return new DirectSecretsManagerSource(
                config(timeoutMs),
                new DirectSecretsManagerSource.Settings(
                        CREDENTIALS, Optional.of(endpoint), false, false, Clock.systemUTC()));
    }

    private static SecretSource sdk(URI endpoint, String timeoutMs) {
        return SecretsManagerSource.open(
                config(timeoutMs),
                new SecretsManagerSource.ClientSettings(
                        StaticCredentialsProvider.create(AwsSessionCredentials.create(
                                CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey(), CREDENTIALS.sessionToken())),
                        Optional.of(endpoint)),
                BUDGET);
    }

    private static SecretValue read(Function<URI, SecretSource> source, URI endpoint, String id) {
        try (SecretSource opened = source.apply(endpoint)) {
            return opened.read(new SecretRef(id, Optional.empty()), BUDGET);
        }
    }

    private static String failure(Function<URI, SecretSource> source, URI endpoint, String id, Duration budget) {
        return failure(source, endpoint, new SecretRef(id, Optional.empty()), budget);
    }

    private static String failure(Function<URI, SecretSource> source, URI endpoint, SecretRef ref, Duration budget) {
        try (SecretSource opened = source.apply(endpoint)) {
            Throwable thrown = catchThrowable(() -> opened.read(ref, budget));
            assertThat(thrown).isInstanceOf(SecretsEnvException.class);
            return thrown.getMessage();
        }
    }

    @Test
    void directRequest_carriesTheSdkClientsTargetTypeAndBody_andItsSignatureVerifies() throws Exception {
        String id = LocalAws.uniqueName("wire");
        admin.createSecret(r -> r.name(id).secretString("{\"K\":\"v\"}"));
        try (InterceptingProxy recorder = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.FORWARD)) {
            SecretValue viaDirect = read(e -> direct(e, "5000"), recorder.endpoint(), id);
            SecretValue viaSdk = read(e -> sdk(e, "5000"), recorder.endpoint(), id);

            assertThat(viaDirect).isEqualTo(viaSdk);
            assertThat(viaDirect.text()).contains("{\"K\":\"v\"}");
            assertThat(recorder.seen).hasSize(2);
            InterceptingProxy.Seen lean = recorder.seen.get(0);
            InterceptingProxy.Seen full = recorder.seen.get(1);
            assertThat(lean.method()).isEqualTo(full.method()).isEqualTo("POST");
            assertThat(lean.path()).isEqualTo(full.path()).isEqualTo("/");
            assertThat(lean.target()).isEqualTo(full.target()).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(lean.headers().get("content-type"))
                    .isEqualTo(full.headers().get("content-type"))
                    .isEqualTo("application/x-amz-json-1.1");
            assertThat(lean.body()).isEqualTo(full.body()).isEqualTo("{\"SecretId\":\"" + id + "\"}");

            // the check itself is proven on the SDK's own request first, then applied to the direct one
            for (InterceptingProxy.Seen request : recorder.seen) {
                SigV4Check check = SigV4Check.of(request, CREDENTIALS);
                assertThat(check.verifies())
                        .as("signature of %s", request.headers())
                        .isTrue();
                assertThat(check.accessKeyId()).isEqualTo("ASIAFUNCTIONROLE");
                assertThat(check.region()).isEqualTo("us-east-1");
                assertThat(check.service()).isEqualTo("secretsmanager");
                assertThat(check.signedHeaders().split(";"))
                        .contains("host", "x-amz-date", "x-amz-target", "content-type", "x-amz-security-token");
            }
            assertThat(lean.headers()).containsEntry("x-amz-security-token", "function-session-token");
        }
    }

    @Test
    void signatureCheck_failsForAChangedBody_orOtherCredentials() throws Exception {
        // negative control: the check above could not pass a request whose body or key the signature does not cover
        String id = LocalAws.uniqueName("tamper");
        admin.createSecret(r -> r.name(id).secretString("{\"K\":\"v\"}"));
        try (InterceptingProxy recorder = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.FORWARD)) {
            read(e -> direct(e, "5000"), recorder.endpoint(), id);
            InterceptingProxy.Seen lean = recorder.seen.get(0);

            byte[] otherBody = ("{\"SecretId\":\"" + id + "x\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(SigV4Check.of(lean, otherBody, CREDENTIALS).verifies()).isFalse();
            assertThat(SigV4Check.of(
                                    lean,
                                    AwsSessionCredentialsIdentity.create(
                                            "ASIAFUNCTIONROLE", "other-key", "function-session-token"))
                            .verifies())
                    .isFalse();
        }
    }

    @Test
    void versionStageAndVersionId_readThatVersion_withTheSameRequestFromBothSources() throws Exception {
        // GIVEN a rotated secret: AWSCURRENT holds the new value, AWSPREVIOUS the old one
        String id = LocalAws.uniqueName("rotated");
        String oldVersion = admin.createSecret(r -> r.name(id).secretString("{\"PW\":\"old\"}"))
                .versionId();
        admin.putSecretValue(r -> r.secretId(id).secretString("{\"PW\":\"new\"}"));
        SecretRef previous = new SecretRef(id, Optional.empty(), SecretRef.Version.stage("AWSPREVIOUS"));
        SecretRef byId = new SecretRef(id, Optional.empty(), SecretRef.Version.id(oldVersion));
        SecretRef current = new SecretRef(id, Optional.empty());

        try (InterceptingProxy recorder = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.FORWARD)) {
            for (Function<URI, SecretSource> source :
                    List.<Function<URI, SecretSource>>of(e -> direct(e, "5000"), e -> sdk(e, "5000"))) {
                try (SecretSource opened = source.apply(recorder.endpoint())) {
                    assertThat(opened.read(previous, BUDGET).text()).contains("{\"PW\":\"old\"}");
                    assertThat(opened.read(byId, BUDGET).text()).contains("{\"PW\":\"old\"}");
                    assertThat(opened.read(current, BUDGET).text()).contains("{\"PW\":\"new\"}");
                }
            }
            // THEN the direct request's body is the SDK client's, byte for byte
            assertThat(recorder.seen).hasSize(6);
            for (int i = 0; i < 3; i++) {
                assertThat(recorder.seen.get(i).body())
                        .isEqualTo(recorder.seen.get(i + 3).body());
            }
            assertThat(recorder.seen.get(0).body())
                    .isEqualTo("{\"SecretId\":\"" + id + "\",\"VersionStage\":\"AWSPREVIOUS\"}");
        }
    }

    @Test
    void unknownVersionStage_sameNotFoundMessageFromBothSources_namingTheStage() {
        String id = LocalAws.uniqueName("staged");
        admin.createSecret(r -> r.name(id).secretString("{\"K\":\"v\"}"));
        SecretRef missing = new SecretRef(id, Optional.empty(), SecretRef.Version.stage("AWSPREVIOUS"));

        String direct = failure(e -> direct(e, "5000"), aws.endpoint(), missing, BUDGET);

        assertThat(direct)
                .isEqualTo("secret '" + id + "?versionStage=AWSPREVIOUS' was not found in us-east-1 (or "
                        + "has no version with that stage or id)")
                .isEqualTo(failure(e -> sdk(e, "5000"), aws.endpoint(), missing, BUDGET));
    }

    @Test
    void binarySecret_isReportedAsBinary_byBothSources() {
        String id = LocalAws.uniqueName("binary");
        admin.createSecret(r -> r.name(id).secretBinary(SdkBytes.fromUtf8String("keystore")));

        assertThat(read(e -> direct(e, "5000"), aws.endpoint(), id).text()).isEmpty();
        assertThat(read(e -> sdk(e, "5000"), aws.endpoint(), id).text()).isEmpty();
    }

    @Test
    void missingSecret_sameMessageFromBothSources() {
        String id = LocalAws.uniqueName("missing");

        String direct = failure(e -> direct(e, "5000"), aws.endpoint(), id, BUDGET);

        assertThat(direct)
                .isEqualTo("secret '" + id + "' was not found in us-east-1 (or its current version has " + "no value)")
                .isEqualTo(failure(e -> sdk(e, "5000"), aws.endpoint(), id, BUDGET));
    }

    @Test
    void accessDenied_sameMessageFromBothSources_andNotRetried() throws Exception {
        try (InterceptingProxy deny = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.DENY)) {
            String direct = failure(e -> direct(e, "5000"), deny.endpoint(), "app/denied", BUDGET);
            assertThat(deny.seen).hasSize(1);
            String sdk = failure(e -> sdk(e, "5000"), deny.endpoint(), "app/denied", BUDGET);

            assertThat(direct)
                    .isEqualTo(sdk)
                    .startsWith("reading secret 'app/denied' in us-east-1 failed: "
                            + "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/fn/secrets-env-it is not "
                            + "authorized to perform: secretsmanager:GetSecretValue")
                    .endsWith("(HTTP 400)");
        }
    }

    @Test
    void throttling_isRetriedThreeTimes_thenReportedLikeTheSdkReportsIt() throws Exception {
        try (InterceptingProxy throttle = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.THROTTLE)) {
            String direct = failure(e -> direct(e, "5000"), throttle.endpoint(), "app/busy", BUDGET);
            assertThat(throttle.seen)
                    .as("3 attempts, as the SDK's standard retry mode")
                    .hasSize(3);
            String sdk = failure(e -> sdk(e, "5000"), throttle.endpoint(), "app/busy", BUDGET);

            assertThat(direct)
                    .isEqualTo(sdk)
                    .isEqualTo("reading secret 'app/busy' in us-east-1 failed: ThrottlingException: Rate exceeded "
                            + "(HTTP 400)");
        }
    }

    @Test
    void noAnswer_sameTimeoutMessageFromBothSources_withinTheBudget() throws Exception {
        try (InterceptingProxy hang = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.HANG)) {
            long started = System.nanoTime();
            String direct = failure(e -> direct(e, "1000"), hang.endpoint(), "app/slow", Duration.ofSeconds(1));
            Duration directTook = Duration.ofNanos(System.nanoTime() - started);
            String sdk = failure(e -> sdk(e, "1000"), hang.endpoint(), "app/slow", Duration.ofSeconds(1));

            assertThat(direct)
                    .isEqualTo(sdk)
                    .isEqualTo("reading secret 'app/slow' got no answer within the 1000 ms "
                            + "budget (SECRETS_ENV_TIMEOUT_MS)");
            assertThat(directTook).isLessThan(Duration.ofSeconds(3));
        }
    }
}
