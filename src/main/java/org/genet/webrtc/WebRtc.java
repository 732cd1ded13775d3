package org.genet.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WebRTC factory of this process. It is made with a headless audio module (the default
 * one aborts the JVM where there is no sound device) and disposed only after every peer it made
 * has closed: disposing it first crashes the process.
 */
public final class WebRtc {
    private static final Logger log = LoggerFactory.getLogger(WebRtc.class);
    private static final Object LOCK = new Object();
    private static PeerConnectionFactory factory;
    private static HeadlessAudioDeviceModule audio;
    private static final AtomicInteger openPeers = new AtomicInteger();
    private static boolean disposeWhenIdle;
    private static boolean libraryLoaded;

    private WebRtc() {
    }

    /**
     * Makes the factory now, if there is none: loading the native library (about 23 MB, copied
     * out of the jar once into the user's cache, see {@link NativeLibrary}) and starting WebRTC's threads take a few hundred ms that the first connection
     * would otherwise wait for. {@link #shutdown()} disposes it as usual.
     */
    public static void start() {
        synchronized (LOCK) {
            create();
        }
    }

    /**
     * {@link #start()} on a thread of its own, so that a process can load WebRTC while it does
     * something else (connects to the server, opens its window). Failing here is only logged: the
     * first peer tries again and reports the error.
     */
    public static void startInBackground() {
        Thread t = new Thread(() -> {
            try {
                start();
            } catch (Throwable e) { // an UnsatisfiedLinkError where libpulse0 is missing
                log.warn("WebRTC could not start: {}", e.toString());
            }
        }, "webrtc-start");
        t.setDaemon(true);
        t.start();
    }

    private static void create() {
        if (factory == null) {
            if (!libraryLoaded) {
                libraryLoaded = NativeLibrary.load(); // else webrtc-java loads it below, from a fresh temporary copy
            }
            audio = new HeadlessAudioDeviceModule();
            factory = new PeerConnectionFactory(audio);
            log.debug("WebRTC factory created");
        }
    }

    static PeerConnectionFactory acquire() {
        synchronized (LOCK) {
            create();
            disposeWhenIdle = false;
            openPeers.incrementAndGet();
            return factory;
        }
    }

    static void release() {
        synchronized (LOCK) {
            if (openPeers.decrementAndGet() == 0 && holds == 0 && disposeWhenIdle) {
                dispose();
            }
        }
    }

    /** Holders that keep the factory between their peers ({@link #hold()}). */
    private static int holds;

    /**
     * Keeps the factory (and its threads) until the returned handle is closed, even while no peer
     * is open and {@link #shutdown()} was called: for a process that makes peers in waves, such as
     * a benchmark's rounds (a factory made and disposed per wave leaves its threads' native memory
     * arenas behind: measured here, tens of MB per round).
     */
    public static AutoCloseable hold() {
        synchronized (LOCK) {
            create();
            holds++;
        }
        boolean[] released = {false};
        return () -> {
            synchronized (LOCK) {
                if (!released[0]) {
                    released[0] = true;
                    if (--holds == 0 && openPeers.get() == 0 && disposeWhenIdle) {
                        dispose();
                    }
                }
            }
        };
    }

    /** Whether the factory exists now: made and not disposed yet. */
    public static boolean isRunning() {
        synchronized (LOCK) {
            return factory != null;
        }
    }

    /** Peers open now, in this process. */
    public static int openPeers() {
        return openPeers.get();
    }

    /**
     * Disposes the factory once no peer is open (at once if none is). Call it when the process is
     * done with WebRTC; a later peer makes a new factory.
     */
    public static void shutdown() {
        synchronized (LOCK) {
            if (openPeers.get() == 0 && holds == 0) {
                dispose();
            } else {
                disposeWhenIdle = true;
            }
        }
    }

    private static void dispose() {
        if (factory != null) {
            factory.dispose();
            audio.dispose();
            factory = null;
            audio = null;
            log.debug("WebRTC factory disposed");
        }
    }
}
