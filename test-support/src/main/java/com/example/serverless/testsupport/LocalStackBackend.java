package com.example.serverless.testsupport;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack in Docker, for users who opt in with {@code LOCAL_AWS_BACKEND=localstack}. */
final class LocalStackBackend implements AutoCloseable {

    /** Override with {@code LOCALSTACK_IMAGE}; pinned so results do not drift with "latest". */
    private static final String DEFAULT_IMAGE = "localstack/localstack:4.9";

    private final LocalStackContainer container;

    private LocalStackBackend(LocalStackContainer container) {
        this.container = container;
    }

    static LocalStackBackend start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new ExtensionConfigurationException(
                    "LOCAL_AWS_BACKEND=localstack needs a Docker engine, and none answers");
        }
        String image = System.getenv().getOrDefault("LOCALSTACK_IMAGE", DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"));
        container.start();
        return new LocalStackBackend(container);
    }

    URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}
