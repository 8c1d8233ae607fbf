package com.example.serverless.secretsenv.load;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.aws.SecretSource;
import com.example.serverless.secretsenv.aws.SecretValue;
import com.example.serverless.secretsenv.config.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A secret store for loader and cache tests (the SDK path is covered by the process tests against moto). */
public final class InMemorySecrets implements SecretSource.Opener {

    private final Map<String, SecretValue> secrets = new HashMap<>();
    public final List<String> reads = new ArrayList<>();
    public int opens;
    /** When set, every read throws it (an outage or a refusal, as the test chooses). */
    public volatile RuntimeException failure;

    public InMemorySecrets put(String id, String text) {
        secrets.put(id, SecretValue.ofText(id, text));
        return this;
    }

    public InMemorySecrets putBinary(String id) {
        secrets.put(id, SecretValue.binary(id));
        return this;
    }

    @Override
    public SecretSource open(Duration timeout) {
        opens++;
        return new SecretSource() {
            @Override
            public SecretValue read(SecretRef secret, Duration left) {
                reads.add(secret.secretId());
                if (failure != null) {
                    throw failure;
                }
                SecretValue value = secrets.get(secret.secretId());
                if (value == null) {
                    throw new SecretsEnvException("secret '" + secret.secretId() + "' was not found");
                }
                return value;
            }

            @Override
            public void close() {}
        };
    }
}
