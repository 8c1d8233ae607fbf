package com.example.serverless.secretsenv.load;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.SecretsUnavailableException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads every configured secret, in order, into one set of variables. The rules (README, "Secret formats"):
 * <ul>
 *   <li>{@code id#NAME}: the whole {@code SecretString} becomes {@code NAME}; otherwise it must be a JSON object;</li>
 *   <li>names are prefixed, then must be valid and not reserved ({@link EnvNames}); a name refused by default is
 *       exported only when the function allows it ({@code SECRETS_ENV_ALLOW}) or declares it as a placeholder;
 *       every bad key of a secret is reported at once;</li>
 *   <li>every placeholder the function declares must be defined by some secret;</li>
 *   <li>a later secret's key replaces an earlier one's (reported as a notice);</li>
 *   <li>a JSON key {@code AWS_LAMBDA_EXEC_WRAPPER} names the next wrapper instead of being exported; the
 *       function's {@code SECRETS_ENV_NEXT_WRAPPER} wins over it;</li>
 *   <li>binary secrets, values containing NUL (which no environment can hold) and values with an unpaired UTF-16
 *       surrogate (which has no UTF-8 form, so it would reach the runtime as '?') are refused.</li>
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

    /**
     * Loads every secret within the configured budget. The budget is one deadline for the whole load (role, every
     * secret, retries), enforced here whatever the client does: the load runs on its own thread and is abandoned
     * when the deadline passes, so a server that answers one byte at a time (each read well inside any per-read
     * timeout) cannot hold the init past the budget. The abandoned read is cut by closing its source.
     */
    public LoadedSecrets load() {
        Duration budget = config.timeout();
        AtomicReference<String> step = new AtomicReference<>(
                config.roleArn().map(arn -> "assuming role " + arn).orElse("opening the secret source"));
        AtomicReference<SecretSource> open = new AtomicReference<>();
        CompletableFuture<LoadedSecrets> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("secrets-env-load").start(() -> {
            try {
                result.complete(loadWithin(clock.instant().plus(budget), step, open));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            SecretSource abandoned = open.get();
            if (abandoned != null) {
                abandoned.detach();
                // closing may wait for the stuck call's locks: never on this thread
                Thread.ofPlatform().daemon().name("secrets-env-abandon").start(abandoned::abandon);
            }
            throw new SecretsUnavailableException(step.get() + " got no answer within the " + budget.toMillis()
                    + " ms budget (" + SecretsEnvConfig.TIMEOUT_MS + ")");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretsEnvException("interrupted while " + step.get());
        }
    }

    private LoadedSecrets loadWithin(
            Instant deadline, AtomicReference<String> step, AtomicReference<SecretSource> open) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> origin = new HashMap<>();
        List<String> notices = new ArrayList<>();
        String wrapperFromSecret = null;
        try (SecretSource source = opener.open(remaining(deadline, "assuming the role"))) {
            open.set(source);
            for (SecretRef ref : config.secrets()) {
                step.set("reading secret '" + ref.label() + "'");
                SecretValue value = source.read(ref, remaining(deadline, step.get()));
                String text = value.text()
                        .orElseThrow(
                                () -> new SecretsEnvException(
                                        "secret '" + ref.label()
                                                + "' holds binary data (SecretBinary); only SecretString secrets can become variables"));
                Map<String, String> entries = ref.variableName().isPresent()
                        ? Map.of(ref.variableName().get(), text)
                        : SecretFlattener.flatten(ref.label(), text);
                List<String> problems = new ArrayList<>();
                boolean optInWouldHelp = false;
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    String key = entry.getKey();
                    if (ref.variableName().isEmpty() && key.equals(EnvNames.CHAIN_KEY)) {
                        wrapperFromSecret = entry.getValue();
                        continue;
                    }
                    String name = config.prefix() + key;
                    Optional<String> problem = problem(name, entry.getValue());
                    if (problem.isEmpty()) {
                        problem = notOptedIn(name);
                        optInWouldHelp |= problem.isPresent();
                    }
                    if (problem.isPresent()) {
                        problems.add("key '" + EnvNames.printable(key) + "' " + problem.get());
                        continue;
                    }
                    String previous = origin.put(name, ref.label());
                    if (previous != null) {
                        notices.add(name + " from secret '" + previous + "' is replaced by secret '" + ref.label()
                                + "' (later secrets win)");
                    }
                    variables.put(name, entry.getValue());
                }
                if (!problems.isEmpty()) {
                    throw new SecretsEnvException("secret '" + ref.label() + "' has keys that cannot become "
                            + "environment variables: " + String.join("; ", problems)
                            + (optInWouldHelp
                                    ? " (to let secrets set a name refused by default, list it in "
                                            + SecretsEnvConfig.ALLOW + " or set it to '" + SecretsEnvConfig.PLACEHOLDER
                                            + "' in the function configuration)"
                                    : ""));
                }
            }
        }
        for (String placeholder : config.placeholders()) {
            if (!variables.containsKey(placeholder)) {
                throw new SecretsEnvException(placeholder + " is declared in the function configuration as a "
                        + "placeholder ('" + SecretsEnvConfig.PLACEHOLDER + "') but no configured secret defines it");
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
        if (hasUnpairedSurrogate(value)) {
            return Optional.of("has a value containing an unpaired UTF-16 surrogate (such as the JSON escape \\ud800 "
                    + "without its pair), which has no UTF-8 form");
        }
        return Optional.empty();
    }

    /** A name refused by default that the function did not opt in to (allow-list or placeholder). */
    private Optional<String> notOptedIn(String name) {
        if (config.allowed().contains(name) || config.placeholders().contains(name)) {
            return Optional.empty();
        }
        return EnvNames.refusedByDefaultReason(name)
                .map(reason -> "would set " + name + ", refused by default: " + reason);
    }

    static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private Duration remaining(Instant deadline, String what) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new SecretsUnavailableException("the " + config.timeout().toMillis() + " ms budget ("
                    + SecretsEnvConfig.TIMEOUT_MS + ") was spent before " + what);
        }
        return left;
    }
}
