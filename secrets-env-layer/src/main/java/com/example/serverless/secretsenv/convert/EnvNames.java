package com.example.serverless.secretsenv.convert;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which names the layer may export. A name must be a portable shell identifier, and may not replace what Lambda,
 * the runtime or this layer rely on: a secret that could set {@code AWS_ACCESS_KEY_ID}, {@code _HANDLER},
 * {@code LD_PRELOAD} or {@code JAVA_TOOL_OPTIONS} could swap credentials or run code in the runtime.
 */
public final class EnvNames {

    /** The one reserved name a secret may carry: it names the next wrapper to exec and is not exported. */
    public static final String CHAIN_KEY = "AWS_LAMBDA_EXEC_WRAPPER";

    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_LENGTH = 256;

    /** Names that change how processes start or load code, although Lambda does not reserve them. */
    private static final Set<String> PROCESS_CONTROL = Set.of(
            "PATH", "HOME", "SHELL", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4",
            "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "JAVA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "CLASSPATH", "NODE_OPTIONS", "NODE_PATH", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP",
            "DOTNET_STARTUP_HOOKS", "PERL5OPT", "RUBYOPT");

    private EnvNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** Why {@code name} may not be exported, or empty when it may. Assumes {@link #isValid}. */
    public static Optional<String> reservedReason(String name) {
        if (name.startsWith("AWS_")) {
            return Optional.of("AWS_* variables belong to Lambda and the AWS SDKs (credentials, region, runtime API)");
        }
        if (name.startsWith("LAMBDA_")) {
            return Optional.of("LAMBDA_* variables belong to the Lambda runtime");
        }
        if (name.startsWith("_")) {
            return Optional.of("names starting with '_' belong to the runtime (_HANDLER, _X_AMZN_TRACE_ID, ...)");
        }
        if (name.startsWith("SECRETS_ENV_")) {
            return Optional.of("SECRETS_ENV_* variables configure this layer");
        }
        if (name.startsWith("BASH_") || PROCESS_CONTROL.contains(name)) {
            return Optional.of("it controls how processes start or load code");
        }
        return Optional.empty();
    }

    /**
     * A key as it may appear in a message: keys are not secret, but may hold control characters or be huge, so
     * those are escaped and the text is cut.
     */
    public static String printable(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || Character.getType(cp) == Character.FORMAT) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return key.codePointCount(0, key.length()) > 80 ? out + "..." : out.toString();
    }
}
