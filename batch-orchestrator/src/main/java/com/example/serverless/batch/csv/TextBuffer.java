package com.example.serverless.batch.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * A growable character buffer that is also a {@link Writer}, for one thread, whose characters can be copied out by
 * range. The chunk step writes each row into one of these and copies slices of it; {@link java.io.CharArrayWriter}
 * would do the same with a lock taken on every one of the ~30 writes per row and no way to read a range in place.
 * Its writes declare no {@link IOException}: memory only.
 */
public final class TextBuffer extends Writer {

    private char[] chars;
    private int length;

    public TextBuffer(int capacity) {
        this.chars = new char[capacity];
    }

    @Override
    public void write(int c) {
        ensureRoom(1);
        chars[length++] = (char) c;
    }

    @Override
    public void write(char[] source, int offset, int count) {
        ensureRoom(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    @Override
    public void write(String text, int offset, int count) {
        ensureRoom(count);
        text.getChars(offset, offset + count, chars, length);
        length += count;
    }

    @Override
    public void write(String text) {
        write(text, 0, text.length());
    }

    /** The buffer itself (valid up to {@link #length()}); read only, and only until the next write. */
    public char[] chars() {
        return chars;
    }

    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }

    /** Writes everything to {@code out} and empties this buffer. */
    public void drainTo(Writer out) throws IOException {
        out.write(chars, 0, length);
        length = 0;
    }

    @Override
    public void flush() {
        // nothing is held elsewhere
    }

    @Override
    public void close() {
        // memory only
    }

    private void ensureRoom(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }
}
