package com.example.serverless.secretsenv.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.testsupport.EmfLines;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The wrapper script and the Java fetcher as processes, against the local Secrets Manager: what the runtime
 * process would start with, byte for byte, and what the function's log would say when it cannot.
 */
@LocalAwsTest
class SecretsEnvWrapperIT {

    private final LocalAws aws;
    private final SecretsManagerClient secrets;
    private Map<String, String> env;

    @TempDir
    Path tmp;

    SecretsEnvWrapperIT(LocalAws aws) {
        this.aws = aws;
        this.secrets = aws.configure(SecretsManagerClient.builder()).build();
    }

    @BeforeEach
    void lambdaLikeEnvironment() {
        env = WrapperRun.lambdaLikeEnvironment(aws);
    }

    private String secret(String prefix, String text) {
        String name = LocalAws.uniqueName(prefix);
        secrets.createSecret(r -> r.name(name).secretString(text));
        return name;
    }

    private static String json(Map<String, String> entries) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
        }
        return out.toString();
    }

    @Test
    void hostileValues_reachTheRuntimeByteForByte_andNothingInThemRuns() throws Exception {
        // GIVEN values that broke the sample: substitutions, quotes, pipes, whitespace runs, globs, unicode
        Path pwned = tmp.resolve("pwned");
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("CMD_SUBST", "$(touch " + pwned + ")");
        hostile.put("BACKTICKS", "`touch " + pwned + "`");
        hostile.put("SEMICOLON", "x; touch " + pwned + " && echo y");
        hostile.put("QUOTES", "it's \"double\" and 'single' \\ back\\slash \\\"");
        hostile.put("PIPES", "a|b||c |");
        hostile.put("NEWLINES", "line1\nline2\n\n");
        hostile.put("TABS_AND_SPACES", "\tcol1\t\tcol2   end  ");
        hostile.put("GLOBS", "* /etc/* ?[a-z] **");
        hostile.put("UNICODE", "Grüße, 東京, 🔐, zero\u200bwidth, \r\n");
        hostile.put("EXPANSIONS", "${HOME} $PATH $$ $1 ${X:-default} $((1+1)) ~");
        hostile.put("EQUALS", "a=b=c");
        hostile.put("OPTIONS", "-n -e --");
        hostile.put("EMPTY", "");
        hostile.put("EXPORT_LINE", "\"\nexport INJECTED=1\n\"");
        String id = secret("hostile", json(hostile));
        env.put("SECRETS_ENV_SECRETS", id);
        env.put("CMD_SUBST", "placeholder from the function configuration");

        // WHEN the wrapper starts the "runtime"
        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        // THEN every value arrives exactly, the secret wins over the configured placeholder, nothing was executed
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, String> runtime = run.runtimeEnvironment();
        hostile.forEach((name, value) -> assertThat(runtime.get(name)).as(name).isEqualTo(value));
        assertThat(runtime.get("UNICODE").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(hostile.get("UNICODE").getBytes(StandardCharsets.UTF_8));
        assertThat(pwned).doesNotExist();
        assertThat(runtime).doesNotContainKey("INJECTED");
        assertThat(runtime)
                .containsEntry("SECRETS_ENV_LOADED", "1")
                .containsEntry("SECRETS_ENV_NAMES", String.join(",", hostile.keySet()));
        // the log names variables, never values
        assertThat(run.stderr())
                .contains("exporting 14 variable(s) from 1 secret(s)")
                .doesNotContain("touch");
    }

    @Test
    void everyFetch_printsOneEmfLineOnStderr_withItsTimeAndWhetherItFailed() throws Exception {
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Test/Layer");
        env.put("SECRETS_ENV_SECRETS", secret("metrics", "{\"A\":\"1\"}"));
        WrapperRun loaded = WrapperRun.run(env, WrapperRun.PRINT_ENV);
        env.put("SECRETS_ENV_SECRETS", "arn:aws:secretsmanager:us-east-1:123456789012:secret:absent-AbCdEf");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "bad\"namespace");
        WrapperRun failed = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        EmfLines ok = EmfLines.parse(loaded.stderr());
        assertThat(loaded.runtimeEnvironment()).containsEntry("A", "1");
        assertThat(ok.documents()).hasSize(1);
        assertThat(ok.namespaces()).containsExactly("Test/Layer");
        assertThat(ok.dimensionSets()).containsExactly(List.of("Service", "Function"));
        assertThat(ok.dimensionValues()).isEqualTo(Map.of("Service", "secrets-env-layer", "Function", "layer"));
        assertThat(ok.units())
                .containsEntry("SecretFetchTime", "Milliseconds")
                .containsEntry("SecretFetchFailures", "Count");
        assertThat(ok.sum("SecretFetchTime")).isPositive();
        assertThat(ok.sum("SecretFetchFailures")).isZero();

        EmfLines bad = EmfLines.parse(failed.stderr());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(bad.namespaces()).as("an unusable namespace falls back").containsExactly("ServerlessJavaSuite");
        assertThat(bad.sum("SecretFetchFailures")).isEqualTo(1);
    }

    @Test
    void jsonTypesAndPlainStrings_becomeTheDocumentedText() throws Exception {
        String typed = secret("typed", "{\"PORT\":5432,\"RATIO\":1.50,\"TLS\":true,\"POOL\":{\"max\":[10, 20]}}");
        String plain = secret("plain", "s3cr3t with spaces\n");
        env.put("SECRETS_ENV_SECRETS", typed + "," + plain + "#API_TOKEN");
        env.put("SECRETS_ENV_PREFIX", "APP_");

        Map<String, String> runtime = WrapperRun.run(env, WrapperRun.PRINT_ENV).runtimeEnvironment();

        assertThat(runtime)
                .containsEntry("APP_PORT", "5432")
                .containsEntry("APP_RATIO", "1.50")
                .containsEntry("APP_TLS", "true")
                .containsEntry("APP_POOL", "{\"max\":[10,20]}")
                .containsEntry("APP_API_TOKEN", "s3cr3t with spaces\n");
    }

    @Test
    void severalSecrets_laterOneWinsOnOverlappingKeys() throws Exception {
        String base = secret("base", "{\"DB_HOST\":\"db.internal\",\"DB_USER\":\"app\"}");
        String override = secret("override", "{\"DB_USER\":\"admin\"}");
        env.put("SECRETS_ENV_SECRETS", base + "," + override);

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.runtimeEnvironment())
                .containsEntry("DB_HOST", "db.internal")
                .containsEntry("DB_USER", "admin");
        assertThat(run.stderr())
                .contains("NOTICE DB_USER from secret '" + base + "' is replaced by secret '" + override + "'");
    }

    @Test
    void invalidAndReservedKeys_failTheInitNamingKeysButNoValues() throws Exception {
        String id = secret(
                "bad-keys",
                "{\"db-password\":\"hunter2\",\"AWS_ACCESS_KEY_ID\":\"AKIAEVIL\","
                        + "\"LD_PRELOAD\":\"/tmp/evil.so\",\"GOOD\":\"fine\"}");
        env.put("SECRETS_ENV_SECRETS", id);

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.runtimeStarted())
                .as("all or nothing: the runtime never starts")
                .isFalse();
        assertThat(run.stderr())
                .contains("secret '" + id + "' has keys that cannot become environment variables")
                .contains("key 'db-password' is not a valid variable name")
                .contains("key 'AWS_ACCESS_KEY_ID' would set reserved variable")
                .contains("key 'LD_PRELOAD' would set LD_PRELOAD, refused by default")
                .contains("failing the init")
                .doesNotContain("hunter2")
                .doesNotContain("AKIAEVIL")
                .doesNotContain("evil.so");
    }

    @Test
    void loaderProxyAndLambdaDefinedNames_areRefusedByDefault_andExportedOnlyWhenTheFunctionOptsIn() throws Exception {
        String id = secret(
                "process-control",
                "{\"LD_DEBUG\":\"statistics\",\"LD_DEBUG_OUTPUT\":\"" + tmp.resolve("ld")
                        + "\",\"HTTPS_PROXY\":\"http://127.0.0.1:9\",\"TZ\":\"Asia/Tokyo\",\"K\":\"v\"}");
        env.put("SECRETS_ENV_SECRETS", id);

        WrapperRun refused = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.runtimeStarted()).isFalse();
        assertThat(refused.stderr())
                .contains("key 'LD_DEBUG' would set LD_DEBUG, refused by default")
                .contains("key 'HTTPS_PROXY' would set HTTPS_PROXY, refused by default")
                .contains("key 'TZ' would set TZ, refused by default")
                .doesNotContain("Asia/Tokyo");
        assertThat(tmp.resolve("ld")).as("the loader never wrote debug output").doesNotExist();

        // WHEN the function opts in: LD_* and the proxy by name, TZ through a placeholder in its own configuration
        env.put("SECRETS_ENV_ALLOW", "LD_DEBUG,LD_DEBUG_OUTPUT,HTTPS_PROXY");
        env.put("TZ", "secrets-env:placeholder");
        WrapperRun allowed = WrapperRun.run(env, List.of("/bin/bash", "-c", "exec /usr/bin/env -0"));

        assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
        assertThat(allowed.runtimeEnvironment())
                .containsEntry("TZ", "Asia/Tokyo")
                .containsEntry("HTTPS_PROXY", "http://127.0.0.1:9")
                .containsEntry("LD_DEBUG", "statistics");
    }

    @Test
    void moreThanTheKernelTakesForExec_failsWithTotalAndLimit_orStartsWithoutThemUnderContinue() throws Exception {
        // GIVEN a 1 MiB stack limit (the kernel then takes 256 KiB of arguments + environment) and 5 x 60 KB of secrets
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(secret("large-" + i, "{\"BLOB_" + i + "\":\"" + "x".repeat(60_000) + "\"}"));
        }
        env.put("SECRETS_ENV_SECRETS", String.join(",", ids));

        WrapperRun failed = WrapperRun.runWithStackLimit(env, 1024, WrapperRun.PRINT_ENV);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.runtimeStarted()).isFalse();
        assertThat(failed.stderr())
                .containsPattern("secrets-env: ERROR starting the runtime needs \\d+ bytes of "
                        + "arguments and environment \\(300\\d{3} of them from the 5 secret variables\\), over the "
                        + "kernel's limit of 262144 bytes")
                .contains("failing the init")
                .doesNotContain("Argument list too long")
                .doesNotContain("xxxx");

        env.put("SECRETS_ENV_ON_FAILURE", "continue");
        WrapperRun continued = WrapperRun.runWithStackLimit(env, 1024, WrapperRun.PRINT_ENV);

        assertThat(continued.exitCode()).isZero();
        assertThat(continued.runtimeEnvironment()).doesNotContainKey("BLOB_0").containsEntry("SECRETS_ENV_NAMES", "");
        assertThat(continued.stderr()).contains("over the kernel's limit").contains("WITHOUT the secret variables");
    }

    @Test
    void oneValueLongerThanTheKernelTakesForOneString_failsNamingTheVariable() throws Exception {
        String id = secret("huge", "y".repeat(140_000));
        env.put("SECRETS_ENV_SECRETS", id + "#HUGE");

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("secrets-env: ERROR variable HUGE would be 140006 bytes as NAME=VALUE, over "
                        + "the kernel's limit of 131072 bytes for one argument or environment string (MAX_ARG_STRLEN)");
    }

    @Test
    void binaryNonJsonAndMissingSecrets_failNamingTheSecret() throws Exception {
        String binary = LocalAws.uniqueName("binary");
        secrets.createSecret(r -> r.name(binary).secretBinary(SdkBytes.fromUtf8String("\u0000keystore")));
        String text = secret("text", "hunter2");
        String missing = LocalAws.uniqueName("missing");

        List<String> errors = new ArrayList<>();
        for (String id : List.of(binary, text, missing)) {
            env.put("SECRETS_ENV_SECRETS", id);
            WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);
            assertThat(run.exitCode()).as(id).isEqualTo(1);
            assertThat(run.runtimeStarted()).isFalse();
            errors.add(run.stderr());
        }

        assertThat(errors.get(0)).contains("secret '" + binary + "' holds binary data (SecretBinary)");
        assertThat(errors.get(1))
                .contains("secret '" + text + "' is not a JSON object")
                .contains("'" + text + "#VARIABLE_NAME'")
                .doesNotContain("hunter2");
        assertThat(errors.get(2)).contains("secret '" + missing + "' was not found in us-east-1");
    }

    @Test
    void accessDenied_failsTheInitWithAwsReason() throws Exception {
        try (InterceptingProxy deny = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.DENY)) {
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", deny.endpoint().toString());
            env.put("SECRETS_ENV_SECRETS", "app/denied");

            WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr())
                    .contains("reading secret 'app/denied' in us-east-1 failed: AccessDeniedException")
                    .contains("not authorized to perform: secretsmanager:GetSecretValue");
            assertThat(deny.seen).as("not retried").hasSize(1);
        }
    }

    @Test
    void unansweredRequest_failsWithinTheConfiguredBudget() throws Exception {
        try (InterceptingProxy hang = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.HANG)) {
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", hang.endpoint().toString());
            env.put("SECRETS_ENV_SECRETS", "app/slow");
            env.put("SECRETS_ENV_TIMEOUT_MS", "1000");

            WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("reading secret 'app/slow' got no answer within the 1000 ms budget");
            assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void roleArn_isAssumed_withTheExternalId_andItsCredentialsReadTheSecret() throws Exception {
        String id = secret("cross-account", "{\"K\":\"v\"}");
        try (InterceptingProxy recorder = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.FORWARD)) {
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", recorder.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_STS", recorder.endpoint().toString());
            env.put("SECRETS_ENV_SECRETS", id);
            env.put("SECRETS_ENV_ROLE_ARN", "arn:aws:iam::123456789012:role/secret-reader");
            env.put("SECRETS_ENV_EXTERNAL_ID", "ext-42");

            WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

            assertThat(run.runtimeEnvironment()).containsEntry("K", "v");
            assertThat(recorder.seen).hasSize(2);
            InterceptingProxy.Seen assume = recorder.seen.get(0);
            InterceptingProxy.Seen read = recorder.seen.get(1);
            assertThat(assume.body())
                    .contains("AssumeRole")
                    .contains("secret-reader")
                    .contains("ext-42")
                    .contains("secrets-env-secrets-env-it");
            assertThat(assume.authorization()).contains("Credential=" + LocalAws.ACCESS_KEY + "/");
            assertThat(read.target()).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(read.authorization())
                    .as("signed with the assumed role's temporary key")
                    .contains("Credential=ASIA")
                    .doesNotContain("Credential=" + LocalAws.ACCESS_KEY + "/");
        }
    }

    @Test
    void chaining_execsTheWrapperNamedInTheSecret_withTheOriginalArguments() throws Exception {
        Path argsFile = tmp.resolve("args");
        Path next = script("next-wrapper", "printf '%s\\0' \"$@\" > " + argsFile + "\nexport CHAINED=yes\nexec \"$@\"");
        String id = secret("chain", "{\"AWS_LAMBDA_EXEC_WRAPPER\":\"" + next + "\",\"K\":\"v\"}");
        env.put("SECRETS_ENV_SECRETS", id);
        List<String> runtime = List.of("/bin/bash", "-c", "exec /usr/bin/env -0", "arg with  spaces", "*", "$(id)");

        WrapperRun run = WrapperRun.run(env, runtime);

        Map<String, String> started = run.runtimeEnvironment();
        assertThat(started)
                .containsEntry("CHAINED", "yes")
                .containsEntry("K", "v")
                .as("the chain key is not exported")
                .containsEntry(
                        "AWS_LAMBDA_EXEC_WRAPPER", LayerUnderTest.wrapper().toString());
        assertThat(new String(Files.readAllBytes(argsFile), StandardCharsets.UTF_8).split("\0"))
                .containsExactlyElementsOf(runtime);
        assertThat(run.stderr()).contains("chaining to " + next);
    }

    @Test
    void chainingToAPathWithEqualsSign_failsTheInit_insteadOfBecomingAnAssignment() throws Exception {
        Path next = script("next=wrapper", "export CHAINED=yes\nexec \"$@\"");
        String id = secret("chain-eq", "{\"AWS_LAMBDA_EXEC_WRAPPER\":\"" + next + "\",\"K\":\"v\"}");
        env.put("SECRETS_ENV_SECRETS", id);

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("without '='");
    }

    @Test
    void chainingBackIntoThisWrapper_startsTheRuntimeInsteadOfLooping() throws Exception {
        Path next = script("loops-back", "exec \"$AWS_LAMBDA_EXEC_WRAPPER\" \"$@\"");
        String id = secret("loop", "{\"K\":\"v\"}");
        env.put("SECRETS_ENV_SECRETS", id);
        env.put("SECRETS_ENV_NEXT_WRAPPER", next.toString());

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.runtimeEnvironment()).containsEntry("K", "v");
        assertThat(run.stderr().split("fetcher finished", -1)).as("one fetch").hasSize(2);
    }

    @Test
    void continuePolicy_startsTheRuntimeWithoutSecrets_andSaysSo() throws Exception {
        env.put("SECRETS_ENV_SECRETS", LocalAws.uniqueName("missing"));
        env.put("SECRETS_ENV_ON_FAILURE", "continue");

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.exitCode()).isZero();
        assertThat(run.runtimeEnvironment())
                .containsEntry("SECRETS_ENV_LOADED", "1")
                .containsEntry("SECRETS_ENV_NAMES", "");
        assertThat(run.stderr()).contains("was not found").contains("WITHOUT the secret variables");
    }

    @Test
    void noJava_failsTheInitSayingWhichRuntimesAreSupported() throws Exception {
        env.put("SECRETS_ENV_SECRETS", "anything");
        env.put("SECRETS_ENV_JAVA", tmp.resolve("no-such-java").toString());

        WrapperRun run = WrapperRun.run(env, WrapperRun.PRINT_ENV);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("no Java 21+ runtime found").contains("java21");
    }

    private Path script(String name, String body) throws Exception {
        Path script = tmp.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }
}
