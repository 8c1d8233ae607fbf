package com.example.serverless.secretsenv.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class DirectSecretsManagerSourceTest {

    private static final Map<String, String> LAMBDA = Map.of("AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "ASIAKEY", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token",
            "SECRETS_ENV_SECRETS", "app/db");

    private static Map<String, String> lambdaWith(String... pairs) {
        Map<String, String> env = new HashMap<>(LAMBDA);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static Optional<DirectSecretsManagerSource.Settings> chosen(Map<String, String> env) {
        return SecretSources.directSettings(SecretsEnvConfig.fromEnvironment(env), env);
    }

    private static URI endpointFor(String region, String... env) {
        DirectSecretsManagerSource.Settings settings =
                DirectSecretsManagerSource.Settings.fromEnvironment(lambdaWith(env)).orElseThrow();
        return new DirectSecretsManagerSource(SecretsEnvConfig.fromEnvironment(LAMBDA), settings).endpoint(region);
    }

    @Test
    void lambdaEnvironmentWithoutRole_takesTheDirectSource_withTheSessionCredentials() {
        DirectSecretsManagerSource.Settings settings = chosen(LAMBDA).orElseThrow();

        assertThat(settings.credentials()).isInstanceOf(AwsSessionCredentialsIdentity.class);
        assertThat(((AwsSessionCredentialsIdentity) settings.credentials()).sessionToken()).isEqualTo("token");
        assertThat(settings.endpoint()).isEmpty();
    }

    @Test
    void roleNoEnvironmentCredentialsOrClientSdk_takeTheSdkClient() {
        assertThat(chosen(lambdaWith("SECRETS_ENV_ROLE_ARN", "arn:aws:iam::123456789012:role/reader"))).isEmpty();
        assertThat(chosen(lambdaWith("SECRETS_ENV_CLIENT", "sdk"))).isEmpty();
        Map<String, String> noKeys = lambdaWith();
        noKeys.remove("AWS_ACCESS_KEY_ID");
        assertThat(chosen(noKeys)).as("the default chain (profiles, container, IMDS) is the SDK's job").isEmpty();
        assertThat(chosen(lambdaWith("SECRETS_ENV_CLIENT", "auto"))).isPresent();
    }

    @Test
    void unknownClientSetting_isRefusedNamingTheVariable() {
        assertThatThrownBy(() -> chosen(lambdaWith("SECRETS_ENV_CLIENT", "fast")))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessage("SECRETS_ENV_CLIENT must be 'auto' or 'sdk', was 'fast'");
    }

    @Test
    void endpoints_comeFromTheSdkRules_andOverridesFollowTheSdkPrecedence() {
        assertThat(endpointFor("eu-west-1")).hasToString("https://secretsmanager.eu-west-1.amazonaws.com");
        assertThat(endpointFor("cn-north-1")).hasToString("https://secretsmanager.cn-north-1.amazonaws.com.cn");
        assertThat(endpointFor("us-east-1", "AWS_USE_FIPS_ENDPOINT", "true"))
                .hasToString("https://secretsmanager-fips.us-east-1.amazonaws.com");
        assertThat(endpointFor("eu-west-1", "AWS_ENDPOINT_URL", "http://global:1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://service:2")).hasToString("http://service:2");
        assertThat(endpointFor("eu-west-1", "AWS_ENDPOINT_URL", "http://global:1")).hasToString("http://global:1");
        assertThat(endpointFor("eu-west-1", "AWS_ENDPOINT_URL", "http://global:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"))
                .hasToString("https://secretsmanager.eu-west-1.amazonaws.com");
    }

    @Test
    void response_givesTheSecretString_orBinary_andNeverQuotesTheValueWhenBroken() {
        assertThat(parse("{\"ARN\":\"a\",\"VersionStages\":[\"AWSCURRENT\"],\"SecretString\":\"{\\\"K\\\":1}\"}")
                .text()).contains("{\"K\":1}");
        assertThat(parse("{\"Name\":\"n\",\"SecretBinary\":\"AAEC\"}").text()).isEmpty();
        assertThatThrownBy(() -> parse("{\"Name\":\"n\"}")).hasMessageContaining("neither SecretString");
        assertThatThrownBy(() -> parse("{\"SecretString\":\"hunter2"))
                .hasMessage("reading secret 'app/db': the response is not valid JSON");
    }

    @Test
    void requestBody_escapesTheId() {
        assertThat(new String(DirectSecretsManagerSource.requestBody("a\"b\\c"), StandardCharsets.UTF_8))
                .isEqualTo("{\"SecretId\":\"a\\\"b\\\\c\"}");
    }

    private static SecretValue parse(String json) {
        return DirectSecretsManagerSource.parseValue("app/db", json.getBytes(StandardCharsets.UTF_8));
    }
}
