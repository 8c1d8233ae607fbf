package com.example.serverless.edgemappings.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The version, domain and path rules against the fixture the edge function's tests read too
 * ({@code testdata/edge-mapping-rules.json} at the repository root): what this writes, the edge accepts.
 */
class VersionMappingRulesTest {

    // Surefire runs in the module directory; the fixture is shared with edge-origin-request, so it lives at the root
    private static final Path FIXTURE = Path.of("..", "testdata", "edge-mapping-rules.json");

    private static final List<Rule> RULES = List.of(
            new Rule("version", value -> new VersionMapping(value, "api.example.com", "/v1"), "version '"),
            new Rule("domain", value -> new VersionMapping("v1", value, "/v1"), "domain of version v1"),
            new Rule("path", value -> new VersionMapping("v1", "api.example.com", value), "path of version v1"));

    record Rule(String name, Function<String, VersionMapping> build, String message) {}

    static Stream<Arguments> valid() throws IOException {
        return cases("valid");
    }

    static Stream<Arguments> invalid() throws IOException {
        return cases("invalid");
    }

    private static Stream<Arguments> cases(String kind) throws IOException {
        JsonNode fixture = new ObjectMapper().readTree(Files.readString(FIXTURE));
        return RULES.stream().flatMap(rule -> {
            JsonNode values = fixture.path(rule.name()).path(kind);
            assertThat(values.size())
                    .as("%s.%s in %s", rule.name(), kind, FIXTURE)
                    .isPositive();
            return StreamSupport.stream(values.spliterator(), false)
                    .map(value -> Arguments.of(rule.name(), value.asText(), rule));
        });
    }

    @ParameterizedTest(name = "{0} {1} is accepted")
    @MethodSource("valid")
    void validValue_isAccepted(String name, String value, Rule rule) {
        assertThatCode(() -> rule.build().apply(value)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} {1} is refused")
    @MethodSource("invalid")
    void invalidValue_isRefusedNamingTheField(String name, String value, Rule rule) {
        assertThatThrownBy(() -> rule.build().apply(value))
                .isInstanceOf(InvalidMappingsException.class)
                .hasMessageContaining(rule.message());
    }
}
