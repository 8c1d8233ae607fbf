package com.example.serverless.secretsenv.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The layer as Lambda mounts it at /opt, assembled under target/it-layer from what {@code package} produced (the
 * same files build.mk copies): wrapper, java/lib (module jar + runtime jars), secrets-env/lib (fetcher-only).
 */
final class LayerUnderTest {

    private static Path root;

    private LayerUnderTest() {}

    static synchronized Path wrapper() {
        if (root == null) {
            root = assemble(Path.of("target"), Path.of("target/it-layer"));
        }
        return root.resolve("secrets-env-wrapper");
    }

    private static Path assemble(Path target, Path layer) {
        try {
            Path javaLib = Files.createDirectories(layer.resolve("java/lib"));
            Path fetcherLib = Files.createDirectories(layer.resolve("secrets-env/lib"));
            try (Stream<Path> jars = Files.list(target)) {
                jars.filter(p -> p.getFileName().toString().matches("secrets-env-layer-.*(?<!-tests|-sources)\\.jar"))
                        .forEach(jar -> copy(jar, javaLib));
            }
            copyAll(target.resolve("lambda-lib"), javaLib);
            copyAll(target.resolve("fetcher-lib"), fetcherLib);
            Path wrapper = layer.resolve("secrets-env-wrapper");
            Files.copy(Path.of("src/main/layer/secrets-env-wrapper"), wrapper, StandardCopyOption.REPLACE_EXISTING);
            wrapper.toFile().setExecutable(true);
            return layer.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble the layer (run through 'mvn verify')", e);
        }
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> jars = Files.list(from)) {
            jars.filter(p -> p.toString().endsWith(".jar")).forEach(jar -> copy(jar, to));
        }
    }

    private static void copy(Path jar, Path dir) {
        try {
            Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
