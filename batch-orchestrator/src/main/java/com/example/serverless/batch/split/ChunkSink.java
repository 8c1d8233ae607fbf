package com.example.serverless.batch.split;

/** Receives each finished chunk (a complete CSV document) as the splitter streams through the input. */
@FunctionalInterface
public interface ChunkSink {

    void accept(int part, byte[] csv, int rows);
}
