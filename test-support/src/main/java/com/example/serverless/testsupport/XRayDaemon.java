package com.example.serverless.testsupport;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.Emitter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the X-Ray endpoint Lambda runs beside a traced function: a UDP socket on 127.0.0.1 that receives
 * what X-Ray's recorder sends (a {@code {"format":"json","version":1}} line, then one segment or subsegment
 * document per datagram), and the invocation's trace header, set the way the java21 runtime sets it for each
 * invocation (system property {@code com.amazonaws.xray.traceHeader}).
 *
 * <p>{@link #start()} points the global recorder's emitter at this socket; {@link #close()} puts the previous
 * emitter back and clears the header. One at a time per JVM (the recorder and the header are global).
 */
public final class XRayDaemon implements AutoCloseable {

    /** The system property the java21 runtime sets to the invocation's X-Amzn-Trace-Id. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatagramSocket socket;
    private final Emitter previous;
    private final BlockingQueue<JsonNode> documents = new LinkedBlockingQueue<>();
    private final Thread receiver;

    private XRayDaemon(DatagramSocket socket, Emitter previous) {
        this.socket = socket;
        this.previous = previous;
        this.receiver =
                Thread.ofPlatform().daemon().name("xray-daemon-stand-in").start(this::receive);
    }

    public static XRayDaemon start() {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DaemonConfiguration config = new DaemonConfiguration();
            config.setUDPAddress("127.0.0.1:" + socket.getLocalPort());
            Emitter previous = AWSXRay.getGlobalRecorder().getEmitter();
            AWSXRay.getGlobalRecorder().setEmitter(Emitter.create(config));
            return new XRayDaemon(socket, previous);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A header as Lambda passes it to a function: {@code Root=1-<time>-<24 hex>;Parent=<16 hex>;Sampled=0|1}. */
    public static String newTraceHeader(boolean sampled) {
        HexFormat hex = HexFormat.of();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        String time = Long.toHexString(System.currentTimeMillis() / 1000);
        return "Root=1-" + time + "-" + hex.formatHex(root) + ";Parent=" + hex.formatHex(parent) + ";Sampled="
                + (sampled ? "1" : "0");
    }

    /** Starts an "invocation": the header the runtime would set for it ({@code null} clears it). */
    public void invocation(String traceHeader) {
        if (traceHeader == null) {
            System.clearProperty(TRACE_HEADER_PROPERTY);
        } else {
            System.setProperty(TRACE_HEADER_PROPERTY, traceHeader);
        }
    }

    /** Waits up to {@code timeout} for {@code count} documents and returns what arrived (maybe fewer). */
    public List<JsonNode> await(int count, Duration timeout) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            JsonNode next = left > 0 ? documents.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            received.add(next);
        }
        return received;
    }

    /** Every document received so far and within {@code quiet} after (to check nothing was sent). */
    public List<JsonNode> drain(Duration quiet) throws InterruptedException {
        return await(Integer.MAX_VALUE, quiet);
    }

    /** The document and every subsegment nested in it, depth first. */
    public static List<JsonNode> flatten(JsonNode document) {
        List<JsonNode> all = new ArrayList<>();
        all.add(document);
        for (JsonNode child : document.path("subsegments")) {
            all.addAll(flatten(child));
        }
        return all;
    }

    private void receive() {
        byte[] buffer = new byte[256 * 1024];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                if (newline < 0
                        || !JSON.readTree(text.substring(0, newline))
                                .path("format")
                                .asText()
                                .equals("json")) {
                    throw new IllegalStateException("not an X-Ray daemon datagram: " + text);
                }
                documents.add(JSON.readTree(text.substring(newline + 1)));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        AWSXRay.getGlobalRecorder().setEmitter(previous);
        System.clearProperty(TRACE_HEADER_PROPERTY);
        socket.close();
        try {
            receiver.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
