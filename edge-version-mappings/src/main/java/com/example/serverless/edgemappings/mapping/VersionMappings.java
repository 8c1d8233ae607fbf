package com.example.serverless.edgemappings.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set of mappings a stack asks for: the template parameter, a JSON list such as
 * {@code [{"version":"v1","domain":"abc.execute-api.us-east-1.amazonaws.com","path":"/v1"}]}.
 */
public record VersionMappings(List<VersionMapping> mappings) {

    /**
     * At most this many versions: an update writes them all and removes the dropped ones in one DynamoDB transaction
     * (100 actions at most), so the table never shows half of a change.
     */
    public static final int MAX_VERSIONS = 40;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public VersionMappings {
        mappings = List.copyOf(mappings);
        if (mappings.size() > MAX_VERSIONS) {
            throw new InvalidMappingsException("at most " + MAX_VERSIONS + " versions, got " + mappings.size());
        }
        Set<String> seen = new HashSet<>();
        for (VersionMapping mapping : mappings) {
            if (!seen.add(mapping.version())) {
                throw new InvalidMappingsException("version " + mapping.version() + " is listed twice");
            }
        }
    }

    /** Parses the JSON list; every problem is an {@link InvalidMappingsException} naming the entry. */
    public static VersionMappings parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidMappingsException("Mappings is empty; expected a JSON list of {version, domain, path}");
        }
        Entry[] entries;
        try {
            entries = JSON.readValue(json, Entry[].class);
        } catch (JsonProcessingException e) {
            throw new InvalidMappingsException(
                    "Mappings is not a JSON list of {version, domain, path}: " + e.getOriginalMessage(), e);
        }
        List<VersionMapping> mappings = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                throw new InvalidMappingsException("Mappings entry " + i + " is null");
            }
            mappings.add(new VersionMapping(entries[i].version(), entries[i].domain(), entries[i].path()));
        }
        return new VersionMappings(mappings);
    }

    public List<String> versions() {
        return mappings.stream().map(VersionMapping::version).sorted().toList();
    }

    public Map<String, VersionMapping> byVersion() {
        Map<String, VersionMapping> map = new LinkedHashMap<>();
        mappings.forEach(mapping -> map.put(mapping.version(), mapping));
        return map;
    }

    record Entry(String version, String domain, String path) {}
}
