package com.example.serverless.common.priming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that never opens a connection: it reads the marshalled request (so the SDK's body writers and
 * checksums run) and answers from memory. Priming calls go through it, so the whole client pipeline (marshalling,
 * endpoint rules, signing, unmarshalling) is loaded and run before the snapshot without any network.
 */
public final class OfflineHttpClient implements SdkHttpClient {

    /** A canned answer. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {

        public static Answer ok(String body) {
            return new Answer(200, Map.of(), body);
        }

        public static Answer ok(Map<String, List<String>> headers, String body) {
            return new Answer(200, headers, body);
        }
    }

    private final Function<SdkHttpRequest, Answer> answers;
    private final AtomicInteger requests = new AtomicInteger();

    /** @param answers the answer to each request (method, path and query tell the operations apart) */
    public OfflineHttpClient(Function<SdkHttpRequest, Answer> answers) {
        this.answers = answers;
    }

    /** How many requests the SDK handed over (tests check priming really went through the client). */
    public int requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.incrementAndGet();
                request.contentStreamProvider().ifPresent(body -> {
                    try (InputStream in = body.newStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Answer answer = answers.apply(request.httpRequest());
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                SdkHttpResponse.Builder response =
                        SdkHttpResponse.builder().statusCode(answer.status()).headers(answer.headers());
                if (response.firstMatchingHeader("Content-Length").isEmpty()) { // HEAD answers state their own
                    response.putHeader("Content-Length", String.valueOf(bytes.length));
                }
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public String clientName() {
        return "OfflinePriming";
    }

    @Override
    public void close() {}
}
