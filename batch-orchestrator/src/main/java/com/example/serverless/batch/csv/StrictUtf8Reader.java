package com.example.serverless.batch.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decodes UTF-8 strictly without losing a byte. Every byte that is not part of a valid UTF-8 sequence becomes the
 * unpaired low surrogate {@code U+DC00 + byte} (the "surrogateescape" scheme of PEP 383), and its byte offset in
 * the stream and the line it is on are recorded. Valid UTF-8 never decodes to an unpaired surrogate, so an escaped
 * byte can neither be confused with real text nor pass unnoticed: {@link #hasEscapes} finds it, {@link #bytes}
 * gives the exact original bytes back, {@link #forDisplay} shows U+FFFD in its place. A leading UTF-8 byte order
 * mark is skipped.
 *
 * <p>Why hand-written: the JDK's decoders either replace bad input with U+FFFD (data silently changed) or stop at
 * the first bad byte (one row would fail the whole file); neither tells which row held the bad bytes.
 */
public final class StrictUtf8Reader extends Reader {

    /** One byte that is not UTF-8: where it is in the stream (0-based) and on which line (1-based). */
    public record BadByte(long offset, long line, int value) {}

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    private final Deque<BadByte> badBytes = new ArrayDeque<>();
    private long consumed;
    private long line = 1;
    private boolean previousWasCr;
    private boolean endOfInput;
    private boolean finished;
    private boolean bomChecked;

    public StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    /**
     * Takes the recorded bad bytes that are on {@code fromLine} or later, dropping any earlier ones (they were in
     * text that is not part of a record), and returns the first; null when none is recorded yet.
     */
    public BadByte firstBadByteFrom(long fromLine) {
        while (!badBytes.isEmpty() && badBytes.peekFirst().line() < fromLine) {
            badBytes.pollFirst();
        }
        return badBytes.peekFirst();
    }

    /** Drops recorded bad bytes before {@code line}: the caller has dealt with every record before it. */
    public void forgetBefore(long beforeLine) {
        while (!badBytes.isEmpty() && badBytes.peekFirst().line() < beforeLine) {
            badBytes.pollFirst();
        }
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining()) {
            fill();
            if (!chars.hasRemaining()) {
                return -1;
            }
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        return n;
    }

    private void fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !finished) {
            if (!endOfInput) {
                readMore(); // keeps the tail of a sequence cut by the buffer end
            }
            if (!bomChecked) {
                if (bytes.remaining() < 3 && !endOfInput) {
                    continue;
                }
                skipBom();
                bomChecked = true;
            }
            decode();
        }
        chars.flip();
    }

    /** Decodes what is buffered into {@code chars}, escaping bad bytes, until input or room runs out. */
    private void decode() {
        while (true) {
            int charsBefore = chars.position();
            int bytesBefore = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            consumed += bytes.position() - bytesBefore;
            countLines(charsBefore, chars.position());
            if (result.isError()) {
                if (chars.remaining() < result.length()) {
                    return; // hand out what is decoded; the bad bytes stay buffered for the next fill
                }
                for (int i = 0; i < result.length(); i++) {
                    int value = bytes.get() & 0xFF;
                    badBytes.addLast(new BadByte(consumed, line, value));
                    consumed++;
                    chars.put((char) (0xDC00 | value));
                    previousWasCr = false;
                }
            } else if (result.isOverflow()) {
                return;
            } else {
                if (endOfInput) {
                    decoder.flush(chars);
                    finished = true;
                }
                return;
            }
        }
    }

    private void readMore() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void skipBom() {
        if (bytes.remaining() >= 3
                && bytes.get(bytes.position()) == (byte) 0xEF
                && bytes.get(bytes.position() + 1) == (byte) 0xBB
                && bytes.get(bytes.position() + 2) == (byte) 0xBF) {
            bytes.position(bytes.position() + 3);
            consumed += 3;
        }
    }

    /** Line breaks as CSV counts them: LF, CR, or CR LF (once). */
    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            char c = chars.get(i);
            if (c == '\n') {
                if (!previousWasCr) {
                    line++;
                }
                previousWasCr = false;
            } else if (c == '\r') {
                line++;
                previousWasCr = true;
            } else {
                previousWasCr = false;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Whether {@code text} holds an escaped byte (an unpaired low surrogate). */
    public static boolean hasEscapes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isEscape(text, i)) {
                return true;
            }
        }
        return false;
    }

    /** The exact bytes {@code text} was decoded from: UTF-8 for real text, the original byte for each escape. */
    public static byte[] bytes(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 16);
        int runStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isEscape(text, i)) {
                out.writeBytes(text.substring(runStart, i).getBytes(StandardCharsets.UTF_8));
                out.write(text.charAt(i) & 0xFF);
                runStart = i + 1;
            }
        }
        out.writeBytes(text.substring(runStart).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code text} with U+FFFD for each escaped byte: for people to read, never for data. */
    public static String forDisplay(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            shown.append(isEscape(text, i) ? '\uFFFD' : text.charAt(i));
        }
        return shown.toString();
    }

    private static boolean isEscape(String text, int i) {
        char c = text.charAt(i);
        return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
