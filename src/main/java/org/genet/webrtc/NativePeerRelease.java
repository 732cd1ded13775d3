package org.genet.webrtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a peer connection and frees its native object, which webrtc-java up to 0.15.0 never
 * does: its {@code RTCPeerConnection.close()} closes the native connection and forgets the
 * pointer without releasing the reference it holds, so every closed connection keeps its
 * transports and its factory's media engine (two native threads per factory) for the life of
 * the process. Upstream: devopvoid/webrtc-java issue #239, fixed by PR #283 (merged after
 * 0.15.0). <b>Delete this class</b> (and call {@code close()} again) once a release with that
 * fix is used: releasing twice frees the connection twice, which crashes the process, so the
 * release is done only for the versions known to need it.
 *
 * <p>How: the pointer is read from the connection before {@code close()} clears it, then
 * released through webrtc-java's own generic {@code RefCountedObject.release()} on a stand-in
 * object that carries the same pointer (a peer connection is a ref-counted native object).
 */
final class NativePeerRelease {
    private static final Logger log = LoggerFactory.getLogger(NativePeerRelease.class);
    /** The webrtc-java versions whose {@code close()} leaks the native connection. */
    private static final String LAST_LEAKING_VERSION = "0.15.0";
    private static final Field HANDLE = handleField();
    private static final boolean NEEDED = needed(webrtcJavaVersion());
    private static final AtomicLong released = new AtomicLong();
    private static final AtomicLong stillReferenced = new AtomicLong();

    private NativePeerRelease() {
    }

    /** A stand-in whose native handle is set to the connection's pointer: webrtc-java's own release applies to it. */
    private static final class Reference extends RefCountedObject {
    }

    /** Closes {@code connection} and, where webrtc-java does not, frees its native object. */
    static void close(RTCPeerConnection connection) {
        long pointer = NEEDED ? pointer(connection) : 0;
        connection.close();
        if (pointer == 0) {
            return;
        }
        try {
            Reference reference = new Reference();
            HANDLE.setLong(reference, pointer);
            reference.release();
            if (HANDLE.getLong(reference) == 0) {
                released.incrementAndGet();
            } else {
                stillReferenced.incrementAndGet(); // freed when the last other holder lets go
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("could not free a closed peer connection's native object: {}", e.toString());
        }
    }

    /** Connections freed here whose last reference this was (for tests). */
    static long released() {
        return released.get();
    }

    /** Whether this webrtc-java needs the release (false with a fixed version, or where it cannot be done). */
    static boolean active() {
        return NEEDED;
    }

    private static long pointer(RTCPeerConnection connection) {
        try {
            return HANDLE.getLong(connection);
        } catch (IllegalAccessException e) {
            return 0;
        }
    }

    private static Field handleField() {
        try {
            Field f = NativeObject.class.getDeclaredField("nativeHandle");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot reach webrtc-java's native handles ({}): closed peer connections stay in memory", e.toString());
            return null;
        }
    }

    static boolean needed(String version) {
        if (HANDLE == null) {
            return false;
        }
        if (version == null) {
            log.warn("webrtc-java's version is unknown: closed peer connections are not freed (issue #239)");
            return false;
        }
        return compare(version, LAST_LEAKING_VERSION) <= 0;
    }

    /** The webrtc-java version on the class path, from its Maven metadata; null if it cannot be read. */
    static String webrtcJavaVersion() {
        try (InputStream in = RTCPeerConnection.class.getResourceAsStream(
                "/META-INF/maven/dev.onvoid.webrtc/webrtc-java/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** Compares dotted versions by their numbers (a suffix such as -SNAPSHOT counts as the version it names). */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? number(x[i]) : 0;
            int q = i < y.length ? number(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
