package com.example.serverless.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the folder holding {@code template.yaml}) from any module's working directory. */
public final class ProjectPaths {

    private ProjectPaths() {}

    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("template.yaml"))
                    && Files.isRegularFile(candidate.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No template.yaml above " + dir + ": run tests from inside the repository");
    }

    /** A file under the repository's {@code events/} folder. */
    public static Path event(String name) {
        Path path = root().resolve("events").resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("No sample event " + path);
        }
        return path;
    }
}
