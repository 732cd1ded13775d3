package org.genet.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frames this process's nodes have sent, and their bytes, by kind: what a join costs on the
 * wire ({@code genet bench --json}). Counted where a node hands a frame to a socket or a data
 * channel (the server's relaying is not counted: each signal a node sends crosses the server
 * once more). Counting is always on: an increment of two adders per frame.
 */
public final class FrameCounts {
    /** What a frame is. */
    public enum Kind {
        /** A joiner's signal with no destination yet: the server hands it to the root as a join request. */
        JOIN_REQUEST("joinRequests"),
        /** A join request passed down a data channel to a child (delegation). */
        DELEGATED_JOIN_REQUEST("delegatedJoinRequests"),
        /** An offer or an answer between two peers, through the server. */
        SIGNAL_SDP("signalsSdp"),
        /** One ICE candidate between two peers, through the server (trickle). */
        SIGNAL_CANDIDATE("signalsCandidate"),
        HELLO("hellos"),
        REPORT("reports"),
        JOIN_RECORDS("joinRecords"),
        KEEPALIVE("keepalives"),
        PING("pings"),
        PONG("pongs"),
        TREE_INFO("treeInfo"),
        /** The root's heartbeat to the server. */
        ROOT_HEARTBEAT("rootHeartbeats"),
        /** The application's own data. */
        DATA("data"),
        OTHER("other");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** Its name in JSON. */
        public String key() {
            return key;
        }
    }

    private static final Kind[] KINDS = Kind.values();
    private static final LongAdder[] FRAMES = adders();
    private static final LongAdder[] BYTES = adders();
    private static final String EXTENSION_KEY = "\"genet\":\"";

    private FrameCounts() {
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Kind.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Counts one frame of {@code kind}, {@code text} long (UTF-16 units; the wire's bytes for ASCII). */
    public static void count(Kind kind, String text) {
        FRAMES[kind.ordinal()].increment();
        BYTES[kind.ordinal()].add(text.length());
    }

    /** Counts one frame of {@code kind} that has no bytes (the simulator hands objects over). */
    public static void count(Kind kind) {
        FRAMES[kind.ordinal()].increment();
    }

    /** Counts a frame sent on a data channel, its kind read from the frame. */
    public static void countChannelFrame(String text) {
        count(channelKind(text), text);
    }

    /** Counts a signal sent through the server: a join request while it has no destination. */
    public static void countSignal(boolean toRoot, String text) {
        count(toRoot ? Kind.JOIN_REQUEST : text.contains("\"candidate\":{") ? Kind.SIGNAL_CANDIDATE : Kind.SIGNAL_SDP, text);
    }

    /** The kind of a data channel frame ({@code {"type":"DATA","data":{"genet":KIND,...}}} and the like). */
    static Kind channelKind(String text) {
        int at = text.indexOf(EXTENSION_KEY);
        if (at < 0) {
            return text.contains("\"JOIN-REQUEST\"") ? Kind.DELEGATED_JOIN_REQUEST : text.contains("\"DATA\"") ? Kind.DATA : Kind.OTHER;
        }
        int from = at + EXTENSION_KEY.length();
        int to = text.indexOf('"', from);
        String kind = to < 0 ? "" : text.substring(from, to);
        return switch (kind) {
            case "hello" -> Kind.HELLO;
            case "report" -> Kind.REPORT;
            case "joins" -> Kind.JOIN_RECORDS;
            case "keepalive" -> Kind.KEEPALIVE;
            case "ping" -> Kind.PING;
            case "pong" -> Kind.PONG;
            case "tree" -> Kind.TREE_INFO;
            default -> Kind.OTHER;
        };
    }

    /** Frames and bytes so far. */
    public static Snapshot snapshot() {
        long[] frames = new long[KINDS.length];
        long[] bytes = new long[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            frames[i] = FRAMES[i].sum();
            bytes[i] = BYTES[i].sum();
        }
        return new Snapshot(frames, bytes);
    }

    /** Counts at one moment; {@link #minus} gives those of an interval. */
    public record Snapshot(long[] frames, long[] bytes) {
        public Snapshot minus(Snapshot before) {
            long[] f = new long[frames.length];
            long[] b = new long[bytes.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = frames[i] - before.frames[i];
                b[i] = bytes[i] - before.bytes[i];
            }
            return new Snapshot(f, b);
        }

        public long frames(Kind kind) {
            return frames[kind.ordinal()];
        }

        public long bytes(Kind kind) {
            return bytes[kind.ordinal()];
        }

        public long totalFrames() {
            long sum = 0;
            for (long f : frames) {
                sum += f;
            }
            return sum;
        }

        public long totalBytes() {
            long sum = 0;
            for (long b : bytes) {
                sum += b;
            }
            return sum;
        }

        /** Frames (or bytes) of each kind divided by {@code joins}, rounded to a tenth; kinds with none left out. */
        public Map<String, Double> perJoin(int joins, boolean ofBytes) {
            Map<String, Double> out = new LinkedHashMap<>();
            long[] of = ofBytes ? bytes : frames;
            for (Kind k : KINDS) {
                if (of[k.ordinal()] > 0) {
                    out.put(k.key(), Math.round(10.0 * of[k.ordinal()] / Math.max(1, joins)) / 10.0);
                }
            }
            return out;
        }
    }
}
