package com.example.serverless.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch embedded-metric-format documents a piece of code prints on stdout, parsed. Lines that are not EMF
 * (log lines, other JSON) are ignored.
 */
public final class EmfLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> documents;

    private EmfLines(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** Work that may throw; its exception is rethrown after stdout is restored. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** What {@link #capture} saw: the EMF documents and the exception the work threw (null if none). */
    public record Captured(EmfLines emf, Throwable thrown) {}

    /** Runs {@code work} with stdout captured and returns the EMF documents it printed and what it threw. */
    public static synchronized Captured capture(Work work) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Throwable thrown = null;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            try {
                work.run();
            } catch (Exception | Error e) {
                thrown = e;
            } finally {
                System.setOut(original);
            }
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        original.print(printed); // keep the output visible in the test log
        return new Captured(parse(printed), thrown);
    }

    /** The EMF documents among {@code text}'s lines. */
    public static EmfLines parse(String text) {
        List<JsonNode> found = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("{") || !trimmed.contains("\"_aws\"")) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(trimmed);
                if (node.path("_aws").has("CloudWatchMetrics")) {
                    found.add(node);
                }
            } catch (java.io.IOException notJson) {
                // a log line that happens to mention _aws: not a metric document
            }
        }
        return new EmfLines(found);
    }

    public List<JsonNode> documents() {
        return documents;
    }

    /** Namespaces named by every document's metric directives. */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>();
        for (JsonNode doc : documents) {
            for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
                out.add(directive.path("Namespace").asText());
            }
        }
        return out;
    }

    /** Dimension sets (names, in order) of every directive, e.g. {@code [[Service, Function]]}. */
    public List<List<String>> dimensionSets() {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode doc : documents) {
            for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode set : directive.path("Dimensions")) {
                    List<String> names = new ArrayList<>();
                    set.forEach(n -> names.add(n.asText()));
                    out.add(names);
                }
            }
        }
        return out;
    }

    /** The dimension values (top-level members named by the directives), across all documents. */
    public Map<String, String> dimensionValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode doc : documents) {
            for (List<String> set : dimensionSets()) {
                for (String name : set) {
                    if (doc.has(name)) {
                        out.put(name, doc.get(name).asText());
                    }
                }
            }
        }
        return out;
    }

    /** Metric name to unit, across all documents. */
    public Map<String, String> units() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode doc : documents) {
            for (JsonNode directive : doc.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode metric : directive.path("Metrics")) {
                    out.put(metric.path("Name").asText(), metric.path("Unit").asText());
                }
            }
        }
        return out;
    }

    /** Sum of every value recorded for {@code name} across all documents (a value may be a number or an array). */
    public double sum(String name) {
        double total = 0;
        for (JsonNode doc : documents) {
            JsonNode value = doc.get(name);
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode v : value) {
                    total += v.asDouble();
                }
            } else {
                total += value.asDouble();
            }
        }
        return total;
    }

    /** Whether any document declares a metric named {@code name}. */
    public boolean has(String name) {
        return units().containsKey(name);
    }
}
