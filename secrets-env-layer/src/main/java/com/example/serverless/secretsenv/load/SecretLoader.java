package com.example.serverless.secretsenv.load;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.aws.SecretSource;
import com.example.serverless.secretsenv.aws.SecretValue;
import com.example.serverless.secretsenv.config.SecretRef;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.convert.EnvNames;
import com.example.serverless.secretsenv.convert.SecretFlattener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads every configured secret, in order, into one set of variables. The rules (README, "Secret formats"):
 * <ul>
 *   <li>{@code id#NAME}: the whole {@code SecretString} becomes {@code NAME}; otherwise it must be a JSON object;</li>
 *   <li>names are prefixed, then must be valid and not reserved ({@link EnvNames}); every bad key of a secret is
 *       reported at once;</li>
 *   <li>a later secret's key replaces an earlier one's (reported as a notice);</li>
 *   <li>a JSON key {@code AWS_LAMBDA_EXEC_WRAPPER} names the next wrapper instead of being exported; the
 *       function's {@code SECRETS_ENV_NEXT_WRAPPER} wins over it;</li>
 *   <li>binary secrets and values containing NUL (which no environment can hold) are refused.</li>
 * </ul>
 * All or nothing: any failure throws, so the wrapper never starts the runtime with half the variables.
 */
public final class SecretLoader {

    private final SecretsEnvConfig config;
    private final SecretSource.Opener opener;
    private final Clock clock;

    public SecretLoader(SecretsEnvConfig config, SecretSource.Opener opener, Clock clock) {
        this.config = config;
        this.opener = opener;
        this.clock = clock;
    }

    public LoadedSecrets load() {
        Instant deadline = clock.instant().plus(config.timeout());
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> origin = new HashMap<>();
        List<String> notices = new ArrayList<>();
        String wrapperFromSecret = null;
        try (SecretSource source = opener.open(remaining(deadline, "assuming the role"))) {
            for (SecretRef ref : config.secrets()) {
                SecretValue value = source.read(ref, remaining(deadline, "reading secret '" + ref.secretId() + "'"));
                String text = value.text().orElseThrow(() -> new SecretsEnvException("secret '" + ref.secretId()
                        + "' holds binary data (SecretBinary); only SecretString secrets can become variables"));
                Map<String, String> entries = ref.variableName().isPresent()
                        ? Map.of(ref.variableName().get(), text)
                        : SecretFlattener.flatten(ref.secretId(), text);
                List<String> problems = new ArrayList<>();
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    String key = entry.getKey();
                    if (ref.variableName().isEmpty() && key.equals(EnvNames.CHAIN_KEY)) {
                        wrapperFromSecret = entry.getValue();
                        continue;
                    }
                    String name = config.prefix() + key;
                    Optional<String> problem = problem(name, entry.getValue());
                    if (problem.isPresent()) {
                        problems.add("key '" + EnvNames.printable(key) + "' " + problem.get());
                        continue;
                    }
                    String previous = origin.put(name, ref.secretId());
                    if (previous != null) {
                        notices.add(name + " from secret '" + previous + "' is replaced by secret '"
                                + ref.secretId() + "' (later secrets win)");
                    }
                    variables.put(name, entry.getValue());
                }
                if (!problems.isEmpty()) {
                    throw new SecretsEnvException("secret '" + ref.secretId() + "' has keys that cannot become "
                            + "environment variables: " + String.join("; ", problems));
                }
            }
        }
        String chainFromSecret = wrapperFromSecret;
        Optional<String> nextWrapper = config.nextWrapper().or(() -> Optional.ofNullable(chainFromSecret));
        return new LoadedSecrets(variables, nextWrapper, notices);
    }

    private static Optional<String> problem(String name, String value) {
        if (!EnvNames.isValid(name)) {
            return Optional.of("is not a valid variable name" + (name.equals(name.strip()) ? "" : " (spaces)")
                    + ": use letters, digits and '_', not starting with a digit");
        }
        Optional<String> reserved = EnvNames.reservedReason(name);
        if (reserved.isPresent()) {
            return Optional.of("would set reserved variable " + name + ": " + reserved.get());
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("has a value containing a NUL character, which no environment variable can hold");
        }
        return Optional.empty();
    }

    private Duration remaining(Instant deadline, String what) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new SecretsEnvException("the " + config.timeout().toMillis() + " ms budget ("
                    + SecretsEnvConfig.TIMEOUT_MS + ") was spent before " + what);
        }
        return left;
    }
}
