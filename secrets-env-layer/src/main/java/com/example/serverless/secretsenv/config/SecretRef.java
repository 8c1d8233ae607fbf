package com.example.serverless.secretsenv.config;

import java.util.Optional;

/**
 * One configured secret: its id or ARN, and for a plain-string secret the variable that receives the whole string.
 * Without a variable the secret must hold a JSON object whose keys become variable names.
 *
 * @param secretId     a name or full ARN, as GetSecretValue accepts it
 * @param variableName the variable for the whole string ({@code id#NAME} in the configuration), if any
 */
public record SecretRef(String secretId, Optional<String> variableName) {

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
        return variableName.map(name -> secretId + "#" + name).orElse(secretId);
    }
}
