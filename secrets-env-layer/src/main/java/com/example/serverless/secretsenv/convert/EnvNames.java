package com.example.serverless.secretsenv.convert;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which names the layer may export. A name must be a portable shell identifier, and may not replace what Lambda,
 * the runtime or this layer rely on. Two tiers (README, "Names refused by default"):
 * <ul>
 *   <li>{@link #reservedReason reserved}: never exported. Lambda's own names ({@code AWS_*}, {@code LAMBDA_*},
 *       {@code _*}: credentials, handler, runtime API), this layer's ({@code SECRETS_ENV_*}) and what bash acts on
 *       when the wrapper starts ({@code BASH_*}, {@code IFS}, {@code ENV}, ...);</li>
 *   <li>{@link #refusedByDefaultReason refused by default}: names the dynamic loader, the C library, HTTP clients,
 *       the JVM, Node.js or other interpreters read at start, and the names the Lambda runtime defines. A secret that
 *       sets {@code LD_DEBUG_OUTPUT}, {@code GLIBC_TUNABLES} or {@code HTTPS_PROXY} changes how the process runs or
 *       where its AWS traffic goes. The function may opt in per name ({@code SECRETS_ENV_ALLOW}, or a placeholder
 *       in its own configuration).</li>
 * </ul>
 */
public final class EnvNames {

    /** The one reserved name a secret may carry: it names the next wrapper to exec and is not exported. */
    public static final String CHAIN_KEY = "AWS_LAMBDA_EXEC_WRAPPER";

    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_LENGTH = 256;

    /** What bash itself acts on when the wrapper (or any bash the runtime starts) begins: never exported. */
    private static final Set<String> SHELL_START = Set.of("IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4");

    /** Defined by the Lambda runtime for every function (AWS docs, "Defined runtime environment variables"). */
    private static final Set<String> LAMBDA_DEFINED =
            Set.of("TZ", "LANG", "PATH", "LD_LIBRARY_PATH", "NODE_PATH", "PYTHONPATH", "GEM_PATH", "JAVA_HOME");

    /** Read by glibc at start (its list of variables dropped for set-uid programs) and the locale variables. */
    private static final Set<String> LIBC = Set.of(
            "GCONV_PATH",
            "GETCONF_DIR",
            "HOSTALIASES",
            "LOCALDOMAIN",
            "LOCPATH",
            "NIS_PATH",
            "NLSPATH",
            "RESOLV_HOST_CONF",
            "RES_OPTIONS",
            "TMPDIR",
            "TZDIR",
            "LANGUAGE");

    /** Change which TLS certificates OpenSSL-based clients trust. */
    private static final Set<String> TLS_TRUST = Set.of("SSL_CERT_FILE", "SSL_CERT_DIR", "OPENSSL_CONF");

    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH");

    private static final Set<String> OTHER_RUNTIMES = Set.of(
            "PERL5OPT",
            "PERL5LIB",
            "PERLLIB",
            "RUBYOPT",
            "RUBYLIB",
            "GEM_HOME",
            "DOTNET_STARTUP_HOOKS",
            "HOME",
            "SHELL");

    private EnvNames() {}

    public static boolean isValid(String name) {
        return name != null
                && name.length() <= MAX_LENGTH
                && VALID.matcher(name).matches();
    }

    /** Why {@code name} may never be exported, or empty when it may be. Assumes {@link #isValid}. */
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
        if (name.startsWith("BASH_") || SHELL_START.contains(name)) {
            return Optional.of("bash acts on it when it starts (functions, start-up files, word splitting)");
        }
        return Optional.empty();
    }

    /**
     * Why {@code name} is refused unless the function opts in, or empty when any secret may set it. Assumes
     * {@link #isValid} and that {@link #reservedReason} is empty.
     */
    public static Optional<String> refusedByDefaultReason(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.endsWith("_PROXY")) {
            // curl, the AWS SDKs, Node and Python honour http_proxy/HTTPS_PROXY/NO_PROXY/ALL_PROXY in either case
            return Optional.of("HTTP clients read it to send traffic (the function's AWS calls too) through another "
                    + "host, or to stop doing so");
        }
        if (LAMBDA_DEFINED.contains(name)) {
            return Optional.of("the Lambda runtime defines it (time zone, locale, search paths)");
        }
        if (name.startsWith("LD_")) {
            return Optional.of("the dynamic loader reads it when any program starts (libraries to preload, debug "
                    + "output files)");
        }
        if (name.startsWith("GLIBC_") || name.startsWith("MALLOC_") || name.startsWith("LC_") || LIBC.contains(name)) {
            return Optional.of("the C library reads it (tunables, allocator, locale, DNS resolution, temporary files)");
        }
        if (TLS_TRUST.contains(name)) {
            return Optional.of("it changes which TLS certificates are trusted");
        }
        if (JVM.contains(name)) {
            return Optional.of("the JVM reads it at start (agents, options, class path)");
        }
        if (name.startsWith("NODE_")) {
            return Optional.of("Node.js reads NODE_* variables at start (options, module paths, trusted certificates)");
        }
        if (name.startsWith("PYTHON") || OTHER_RUNTIMES.contains(name)) {
            return Optional.of(
                    "an interpreter or shell reads it at start (code to load, search paths, home directory)");
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
