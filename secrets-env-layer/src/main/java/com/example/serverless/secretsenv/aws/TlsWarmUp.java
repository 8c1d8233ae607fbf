package com.example.serverless.secretsenv.aws;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Starts the JVM's TLS client side on a background thread while the fetcher resolves the endpoint and signs the
 * request. In a cold JVM most of TLS's cost is one-off work, not the network: loading and initialising ~1,000 JSSE
 * and JCA classes and the default trust store (README, "Cold start"). Doing it here, next to the signer's own class
 * loading, overlaps the two when the sandbox has more than one core; with one core it costs about one extra key
 * share. The real connection then finds {@link SSLContext#getDefault()} built and the handshake classes loaded.
 *
 * <p>Nothing here changes what is trusted or sent: it builds the same default context the connection uses and
 * produces one ClientHello into a buffer that is dropped (an {@link SSLEngine} does no I/O). Any failure is
 * ignored: the connection then does the same work itself and reports errors as before.
 */
final class TlsWarmUp {

    /** {@code -Dsecrets-env.tls-warm-up=false} turns it off (the bench's comparison; nothing else needs it). */
    static final String SWITCH = "secrets-env.tls-warm-up";

    private TlsWarmUp() {}

    /** Starts the warm-up unless switched off; returns the (daemon) thread, or null when switched off. */
    static Thread start() {
        if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
            return null;
        }
        return Thread.ofPlatform().daemon().name("secrets-env-tls-warm-up").start(TlsWarmUp::warmUp);
    }

    /** Builds the default context and one ClientHello; true when that worked (tests check it does). */
    static boolean warmUp() {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("warm-up.invalid", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            engine.closeOutbound();
            return out.position() > 0;
        } catch (NoSuchAlgorithmException | SSLException | RuntimeException e) {
            return false; // an optimisation only: the real connection reports whatever is wrong
        }
    }
}
