package com.example.serverless.secretsenv.config;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.convert.EnvNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layer's configuration, read from the function's environment. Every problem names the variable; nothing here
 * is secret.
 *
 * @param secrets         the secrets, in precedence order (a later secret's key replaces an earlier one's)
 * @param roleArn         a role to assume before reading, if any
 * @param externalId      the external id for that role, if any
 * @param region          the default region (ARNs carry their own)
 * @param timeout         the whole budget for loading every secret (role included)
 * @param prefix          prepended to every exported name
 * @param failurePolicy   what the wrapper does when loading fails
 * @param nextWrapper     the wrapper to exec next, as configured on the function (wins over one named by a secret)
 * @param refreshInterval how long the in-process API serves a loaded value before reading it again
 * @param staleOnError    how long past its refresh the in-process API may keep serving a value while Secrets
 *                        Manager cannot be read (zero: never; a failed refresh throws at once)
 * @param allowed         names refused by default that the function lets secrets set ({@code SECRETS_ENV_ALLOW})
 * @param placeholders    names the function's configuration sets to {@link #PLACEHOLDER}: replaceable by a secret
 *                        even when refused by default, and some secret must define each
 */
public record SecretsEnvConfig(
        List<SecretRef> secrets,
        Optional<String> roleArn,
        Optional<String> externalId,
        String region,
        Duration timeout,
        String prefix,
        FailurePolicy failurePolicy,
        Optional<String> nextWrapper,
        Duration refreshInterval,
        Duration staleOnError,
        Set<String> allowed,
        Set<String> placeholders) {

    public static final String SECRETS = "SECRETS_ENV_SECRETS";
    public static final String ROLE_ARN = "SECRETS_ENV_ROLE_ARN";
    public static final String EXTERNAL_ID = "SECRETS_ENV_EXTERNAL_ID";
    public static final String REGION = "SECRETS_ENV_REGION";
    public static final String TIMEOUT_MS = "SECRETS_ENV_TIMEOUT_MS";
    public static final String PREFIX = "SECRETS_ENV_PREFIX";
    public static final String ON_FAILURE = "SECRETS_ENV_ON_FAILURE";
    public static final String NEXT_WRAPPER = "SECRETS_ENV_NEXT_WRAPPER";
    public static final String REFRESH_SECONDS = "SECRETS_ENV_REFRESH_SECONDS";
    public static final String STALE_SECONDS = "SECRETS_ENV_STALE_SECONDS";
    public static final String ALLOW = "SECRETS_ENV_ALLOW";
    /**
     * The value that declares a variable of the function's configuration a placeholder for a secret: a secret may
     * then replace it even when its name is refused by default, and some secret must.
     */
    public static final String PLACEHOLDER = "secrets-env:placeholder";

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    static final Duration DEFAULT_STALE = Duration.ofMinutes(15);

    // Secrets Manager names allow letters, digits and /_+=.@-; ARNs add ':'. '#' and ',' appear in neither.
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    // GetSecretValue: VersionStage 1-256 characters, VersionId 32-64 characters (UUIDs in practice)
    private static final Pattern VERSION_STAGE = Pattern.compile("versionStage=([A-Za-z0-9_+=.@-]{1,256})");
    private static final Pattern VERSION_ID = Pattern.compile("versionId=([A-Za-z0-9-]{32,64})");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    public SecretsEnvConfig {
        secrets = List.copyOf(secrets);
        allowed = Set.copyOf(allowed);
        placeholders = Collections.unmodifiableSet(new TreeSet<>(placeholders));
    }

    public static SecretsEnvConfig fromEnvironment(Map<String, String> env) {
        List<SecretRef> secrets = parseSecrets(env.get(SECRETS));
        Optional<String> roleArn = optional(env, ROLE_ARN);
        roleArn.ifPresent(arn -> {
            if (!ROLE.matcher(arn).matches()) {
                throw new SecretsEnvException(ROLE_ARN + " is not an IAM role ARN: '" + arn + "'");
            }
        });
        Optional<String> externalId = optional(env, EXTERNAL_ID);
        if (externalId.isPresent() && roleArn.isEmpty()) {
            throw new SecretsEnvException(EXTERNAL_ID + " is set but " + ROLE_ARN + " is not");
        }
        String region = optional(env, REGION)
                .or(() -> optional(env, "AWS_REGION"))
                .or(() -> optional(env, "AWS_DEFAULT_REGION"))
                .orElseThrow(() -> new SecretsEnvException(
                        "no region: set " + REGION + " (Lambda sets AWS_REGION, which is the default)"));
        Duration timeout = Duration.ofMillis(number(env, TIMEOUT_MS, DEFAULT_TIMEOUT.toMillis(), 100, 60_000));
        String prefix = optional(env, PREFIX).orElse("");
        if (!prefix.isEmpty() && !EnvNames.isValid(prefix)) {
            throw new SecretsEnvException(PREFIX + " must be a valid variable name start (letters, digits, '_', "
                    + "not starting with a digit), was '" + EnvNames.printable(prefix) + "'");
        }
        FailurePolicy policy = FailurePolicy.parse(env.get(ON_FAILURE));
        Optional<String> nextWrapper = optional(env, NEXT_WRAPPER);
        nextWrapper.ifPresent(path -> {
            if (!path.startsWith("/")) {
                throw new SecretsEnvException(NEXT_WRAPPER + " must be an absolute path, was '" + path + "'");
            }
        });
        Duration refresh = Duration.ofSeconds(number(env, REFRESH_SECONDS, DEFAULT_REFRESH.toSeconds(), 1, 86_400));
        Duration stale = Duration.ofSeconds(number(env, STALE_SECONDS, DEFAULT_STALE.toSeconds(), 0, 86_400));
        Set<String> placeholders = new TreeSet<>();
        env.forEach((name, value) -> {
            if (PLACEHOLDER.equals(value)) {
                placeholders.add(name);
            }
        });
        return new SecretsEnvConfig(
                secrets,
                roleArn,
                externalId,
                region,
                timeout,
                prefix,
                policy,
                nextWrapper,
                refresh,
                stale,
                parseAllowed(env.get(ALLOW)),
                placeholders);
    }

    /** Exact names, comma/whitespace separated; a name no secret may ever set is a configuration error. */
    static Set<String> parseAllowed(String raw) {
        Set<String> allowed = new LinkedHashSet<>();
        if (raw == null) {
            return allowed;
        }
        for (String entry : raw.split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (!EnvNames.isValid(entry)) {
                throw new SecretsEnvException(ALLOW + " entry '" + EnvNames.printable(entry)
                        + "' is not a variable name (exact names only, no patterns)");
            }
            Optional<String> reserved = EnvNames.reservedReason(entry);
            if (reserved.isPresent()) {
                throw new SecretsEnvException(
                        ALLOW + " lists " + entry + ", which no secret may set: " + reserved.get());
            }
            allowed.add(entry);
        }
        return allowed;
    }

    /**
     * Entries separated by commas or newlines: {@code id-or-arn} (a JSON object) or {@code id-or-arn#VARIABLE}, each
     * optionally choosing a version after the id: {@code ?versionStage=LABEL} or {@code ?versionId=ID}.
     */
    static List<SecretRef> parseSecrets(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new SecretsEnvException(SECRETS + " is required: one or more secret ids or ARNs, comma separated");
        }
        List<SecretRef> refs = new ArrayList<>();
        for (String entry : raw.split("[,\\n]")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int hash = trimmed.indexOf('#');
            String target = hash < 0 ? trimmed : trimmed.substring(0, hash).trim();
            Optional<String> variable = hash < 0
                    ? Optional.empty()
                    : Optional.of(trimmed.substring(hash + 1).trim());
            int question = target.indexOf('?');
            String id = question < 0 ? target : target.substring(0, question).trim();
            SecretRef.Version version = question < 0
                    ? SecretRef.Version.CURRENT
                    : parseVersion(trimmed, target.substring(question + 1).trim());
            if (!SECRET_ID.matcher(id).matches()) {
                throw new SecretsEnvException(SECRETS + " entry '" + EnvNames.printable(trimmed)
                        + "' is not a secret name or ARN (letters, digits and /_+=.@:- only)");
            }
            if (variable.isPresent() && !EnvNames.isValid(variable.get())) {
                throw new SecretsEnvException(SECRETS + " entry '" + EnvNames.printable(trimmed)
                        + "' names an invalid variable after '#' (letters, digits, '_', not starting with a digit)");
            }
            refs.add(new SecretRef(id, variable, version));
        }
        if (refs.isEmpty()) {
            throw new SecretsEnvException(SECRETS + " lists no secret");
        }
        return refs;
    }

    private static SecretRef.Version parseVersion(String entry, String selector) {
        Matcher stage = VERSION_STAGE.matcher(selector);
        if (stage.matches()) {
            return SecretRef.Version.stage(stage.group(1));
        }
        Matcher id = VERSION_ID.matcher(selector);
        if (id.matches()) {
            return SecretRef.Version.id(id.group(1));
        }
        throw new SecretsEnvException(SECRETS + " entry '" + EnvNames.printable(entry) + "' chooses a version with '?"
                + EnvNames.printable(selector) + "': use ?versionStage=<label> or ?versionId=<id>, one of them "
                + "(labels: letters, digits and _+=.@-, up to 256; ids: letters, digits and -, 32 to 64)");
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static long number(Map<String, String> env, String name, long defaultValue, long min, long max) {
        Optional<String> raw = optional(env, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new SecretsEnvException(name + " is not a whole number: '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new SecretsEnvException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
