package com.example.serverless.edgemappings.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionMappingsTest {

    @Test
    void parse_readsTheTemplateParameter_normalisingCase() {
        VersionMappings mappings = VersionMappings.parse("""
                [{"version":"V2","domain":"Abc.execute-api.us-east-1.amazonaws.com","path":"/v2"},
                 {"version":"v1","domain":"def.execute-api.us-east-1.amazonaws.com","path":"/v1"}]""");

        assertThat(mappings.mappings())
                .containsExactly(
                        new VersionMapping("v2", "abc.execute-api.us-east-1.amazonaws.com", "/v2"),
                        new VersionMapping("v1", "def.execute-api.us-east-1.amazonaws.com", "/v1"));
        assertThat(mappings.versions()).containsExactly("v1", "v2");
    }

    @Test
    void parse_allowsAnEmptyPathAndAnEmptyList() {
        assertThat(VersionMappings.parse("[{\"version\":\"v1\",\"domain\":\"api.example.com\"}]")
                        .mappings()
                        .get(0)
                        .path())
                .isEmpty();
        assertThat(VersionMappings.parse("[]").mappings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON                | {version:v1}                                                        | not a JSON list",
                "an object, not a list   | {\"version\":\"v1\"}                                                | not a JSON list",
                "unknown field           | [{\"version\":\"v1\",\"domain\":\"a.example.com\",\"host\":\"x\"}] | not a JSON list",
                "missing version         | [{\"domain\":\"a.example.com\"}]                                    | version 'null'",
                "reserved catalog key    | [{\"version\":\"#catalog\",\"domain\":\"a.example.com\"}]          | version '#catalog'",
                "domain with a path      | [{\"version\":\"v1\",\"domain\":\"a.example.com/x\"}]              | domain of version v1",
                "domain with a scheme    | [{\"version\":\"v1\",\"domain\":\"https://a.example.com\"}]        | domain of version v1",
                "path without slash      | [{\"version\":\"v1\",\"domain\":\"a.example.com\",\"path\":\"v1\"}] | path of version v1",
                "path with dot segments  | [{\"version\":\"v1\",\"domain\":\"a.example.com\",\"path\":\"/a/../b?x\"}] | path of version v1",
                "null entry              | [null]                                                              | entry 0 is null",
            })
    void parse_refusesBadInputWithAMessageThatSaysWhat(String name, String json, String expected) {
        assertThatThrownBy(() -> VersionMappings.parse(json))
                .isInstanceOf(InvalidMappingsException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void parse_refusesDuplicateVersionsEvenInDifferentCase() {
        assertThatThrownBy(() -> VersionMappings.parse("""
                [{"version":"v1","domain":"a.example.com"},{"version":"V1","domain":"b.example.com"}]""")).hasMessage("version v1 is listed twice");
    }

    @Test
    void parse_refusesMoreVersionsThanOneTransactionCanCarry() {
        String json = IntStream.rangeClosed(0, VersionMappings.MAX_VERSIONS)
                .mapToObj(i -> "{\"version\":\"v" + i + "\",\"domain\":\"a.example.com\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThatThrownBy(() -> VersionMappings.parse(json)).hasMessageContaining("at most 40 versions");
    }

    @Test
    void parse_refusesBlank() {
        assertThatThrownBy(() -> VersionMappings.parse(" ")).hasMessageContaining("Mappings is empty");
    }
}
