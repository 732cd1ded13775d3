package org.genet.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.genet.overlay.Wire;

/**
 * A recording's lines, read as a stream of bytes: what one line costs is bounded by
 * {@link #MAX_LINE_BYTES}, whatever the file holds. A line that is longer, that is not UTF-8
 * (a recording cut inside a character, a disk error) or not one JSON value is skipped and counted,
 * and reading goes on with the next line; a cut last line is one such line.
 */
final class RecordingLines implements AutoCloseable {
    /**
     * The longest line read, in bytes: far above a real recording's (a 10,000-node tree written
     * whole is about 1.5 MB), far below what would make a reader run out of memory.
     */
    static final int MAX_LINE_BYTES = 16 << 20;

    /** One JSON value a line: anything after it makes the line unreadable. */
    private static final com.fasterxml.jackson.databind.ObjectReader LINE = Wire.json().reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[8 * 1024];
    private int lineLength;
    private boolean ended;
    private int skipped;
    private int overlong;

    RecordingLines(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** The next line parsed, skipping blank and unreadable ones; null at the end of the file. */
    JsonNode next() throws IOException {
        while (true) {
            int state = readLine();
            if (state < 0) {
                return null;
            }
            if (state == 0) {
                overlong++;
                skipped++;
                continue;
            }
            if (isBlank()) {
                continue;
            }
            try {
                // Jackson reads the bytes as UTF-8 and refuses what is not
                JsonNode json = LINE.readTree(line, 0, lineLength);
                if (json == null || json.isMissingNode()) {
                    skipped++;
                    continue;
                }
                return json;
            } catch (IOException | RuntimeException e) {
                skipped++;
            }
        }
    }

    /** Lines skipped: too long, not UTF-8, not JSON. */
    int skipped() {
        return skipped;
    }

    /** Of those, the lines over {@link #MAX_LINE_BYTES}. */
    int overlong() {
        return overlong;
    }

    /** Reads up to the next newline: 1 with the line in {@code line}, 0 for a line too long (dropped), -1 at the end. */
    private int readLine() throws IOException {
        lineLength = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (chunkStart == chunkEnd) {
                if (ended || !fill()) {
                    return any ? (tooLong ? 0 : 1) : -1;
                }
            }
            any = true;
            int newline = -1;
            for (int i = chunkStart; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? chunkEnd : newline;
            if (!tooLong) {
                if (lineLength + (end - chunkStart) > MAX_LINE_BYTES) {
                    tooLong = true;
                    lineLength = 0;
                } else {
                    append(chunkStart, end - chunkStart);
                }
            }
            chunkStart = newline < 0 ? chunkEnd : newline + 1;
            if (newline >= 0) {
                return tooLong ? 0 : 1;
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk);
        if (n <= 0) {
            ended = true;
            return false;
        }
        chunkStart = 0;
        chunkEnd = n;
        return true;
    }

    private void append(int from, int length) {
        if (lineLength + length > line.length) {
            byte[] bigger = new byte[Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, lineLength + length))];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }

    private boolean isBlank() {
        for (int i = 0; i < lineLength; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
