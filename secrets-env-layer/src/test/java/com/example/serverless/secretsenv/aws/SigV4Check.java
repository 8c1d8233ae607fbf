package com.example.serverless.secretsenv.aws;

import com.example.serverless.secretsenv.process.InterceptingProxy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What AWS does with a request moto never checks: rebuild the canonical request from what arrived on the wire
 * (method, path, Host as sent, the headers named in SignedHeaders, the body) and sign it again, at the request's
 * own X-Amz-Date with the same credentials and scope. The result must be the Authorization header received.
 */
record SigV4Check(
        String accessKeyId,
        String date,
        String region,
        String service,
        String signedHeaders,
        String recomputed,
        String received) {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    static SigV4Check of(InterceptingProxy.Seen seen, AwsCredentialsIdentity credentials) {
        return of(seen, seen.rawBody(), credentials);
    }

    /** Same check for a body other than the one received (the negative control: a changed body must fail). */
    static SigV4Check of(InterceptingProxy.Seen seen, byte[] body, AwsCredentialsIdentity credentials) {
        String authorization = seen.authorization();
        Matcher parts = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
        if (!parts.matches()) {
            throw new AssertionError("not a SigV4 Authorization header: " + authorization);
        }
        String region = parts.group(3);
        String service = parts.group(4);
        Instant signedAt =
                LocalDateTime.parse(seen.headers().get("x-amz-date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(seen.method()))
                .uri(URI.create("http://" + seen.headers().get("host") + seen.path()));
        for (String name : parts.group(5).split(";")) {
            if (!name.equals("host") && !name.equals("x-amz-date")) { // the signer derives these two itself
                rebuilt.putHeader(name, seen.headers().get(name));
            }
        }
        String recomputed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(rebuilt.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request()
                .firstMatchingHeader("Authorization")
                .orElse("");
        return new SigV4Check(
                parts.group(1), parts.group(2), region, service, parts.group(5), recomputed, authorization);
    }

    boolean verifies() {
        return recomputed.equals(received);
    }
}
