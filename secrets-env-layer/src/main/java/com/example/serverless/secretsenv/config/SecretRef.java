package com.example.serverless.secretsenv.config;

import java.util.Optional;

/**
 * One configured secret: its id or ARN, which version to read, and for a plain-string secret the variable that
 * receives the whole string. Without a variable the secret must hold a JSON object whose keys become variable names.
 * Configuration syntax: {@code id[?versionStage=LABEL | ?versionId=ID][#VARIABLE]}.
 *
 * @param secretId     a name or full ARN, as GetSecretValue accepts it
 * @param variableName the variable for the whole string ({@code id#NAME} in the configuration), if any
 * @param version      the version to read: {@link Version#CURRENT} (AWSCURRENT), a staging label or a version id
 */
public record SecretRef(String secretId, Optional<String> variableName, Version version) {

    /** The current version (AWSCURRENT), as GetSecretValue reads without VersionStage or VersionId. */
    public SecretRef(String secretId, Optional<String> variableName) {
        this(secretId, variableName, Version.CURRENT);
    }

    /**
     * Which version of a secret: at most one of a staging label ({@code AWSPREVIOUS}, {@code AWSPENDING}, a custom
     * label) or a version id. Both empty means AWSCURRENT.
     */
    public record Version(Optional<String> stage, Optional<String> id) {

        public static final Version CURRENT = new Version(Optional.empty(), Optional.empty());

        public Version {
            if (stage.isPresent() && id.isPresent()) {
                throw new IllegalArgumentException("a version is chosen by stage or by id, not both");
            }
        }

        public static Version stage(String label) {
            return new Version(Optional.of(label), Optional.empty());
        }

        public static Version id(String versionId) {
            return new Version(Optional.empty(), Optional.of(versionId));
        }

        public boolean isCurrent() {
            return stage.isEmpty() && id.isEmpty();
        }

        /** As written in the configuration: empty, {@code ?versionStage=LABEL} or {@code ?versionId=ID}. */
        public String suffix() {
            return stage.map(s -> "?versionStage=" + s)
                    .or(() -> id.map(v -> "?versionId=" + v))
                    .orElse("");
        }
    }

    /** The secret as messages name it: its id, and the version when it is not the current one. */
    public String label() {
        return secretId + version.suffix();
    }

    /** The region of an ARN ({@code arn:aws:secretsmanager:<region>:...}), empty for plain names. */
    public Optional<String> arnRegion() {
        String[] parts = secretId.split(":", 6);
        if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("secretsmanager") && !parts[3].isEmpty()) {
            return Optional.of(parts[3]);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return variableName.map(name -> label() + "#" + name).orElse(label());
    }
}
