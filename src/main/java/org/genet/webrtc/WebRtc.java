package org.genet.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC factories of this process. A factory is made with a headless audio module (the
 * default one aborts the JVM where there is no sound device) and disposed only after every peer
 * made by any factory has closed: disposing one first crashes the process.
 *
 * <p>A factory runs all its peers' packets on one network thread and their descriptions on one
 * signaling thread. A process that holds one node has one factory. Peers made on different
 * executors (node loops) get different factories, up to one per core ({@link #FACTORIES}): a
 * process holding many nodes on several loops (a benchmark, demo mode) then spreads WebRTC's work
 * over the cores instead of queueing every packet behind one thread. Measured with 1,000 nodes on
 * two loops and two cores: all joined in 9.7 s against 10.9 s with one factory (medians of 5, in
 * turns), the same CPU.
 */
public final class WebRtc {
    private static final Logger log = LoggerFactory.getLogger(WebRtc.class);
    private static final Object LOCK = new Object();
    /** At most this many factories: one per core, at most 4 (each has three threads of its own). */
    static final int FACTORIES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** The factories made so far; the first is made by {@link #start()} or the first peer. */
    private static final List<PeerConnectionFactory> factories = new ArrayList<>();
    private static final List<HeadlessAudioDeviceModule> audios = new ArrayList<>();
    /** Which factory each executor's peers use, by its index; an executor no longer referenced drops out. */
    private static final Map<Executor, Integer> factoryOfExecutor = new WeakHashMap<>();
    private static int executorsSeen;
    private static final AtomicInteger openPeers = new AtomicInteger();
    private static boolean disposeWhenIdle;
    private static boolean libraryLoaded;

    private WebRtc() {
    }

    /**
     * Makes the first factory now, if there is none: loading the native library (about 23 MB, copied
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
        factory(0);
    }

    /** The factory at this index, made now if it is not yet. */
    private static PeerConnectionFactory factory(int index) {
        while (factories.size() <= index) {
            if (!libraryLoaded) {
                libraryLoaded = NativeLibrary.load(); // else webrtc-java loads it below, from a fresh temporary copy
            }
            HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
            try {
                factories.add(new PeerConnectionFactory(audio));
            } catch (RuntimeException | Error e) {
                audio.dispose();
                throw e;
            }
            audios.add(audio);
            log.debug("WebRTC factory {} created", factories.size());
        }
        return factories.get(index);
    }

    /**
     * The factory for a new peer whose calls and callbacks run on {@code executor}: the executor's
     * own, given out in turns to the executors seen (the first gets the first factory), so a node
     * loop's peers share one factory and several loops spread over {@link #FACTORIES}.
     */
    static PeerConnectionFactory acquire(Executor executor) {
        synchronized (LOCK) {
            Integer index = factoryOfExecutor.get(executor);
            if (index == null) {
                index = executorsSeen++ % FACTORIES;
                factoryOfExecutor.put(executor, index);
            }
            PeerConnectionFactory made = factory(index);
            disposeWhenIdle = false;
            openPeers.incrementAndGet();
            return made;
        }
    }

    static void release() {
        synchronized (LOCK) {
            if (openPeers.decrementAndGet() == 0 && holds == 0 && disposeWhenIdle) {
                dispose();
            }
        }
    }

    /** Holders that keep the factories between their peers ({@link #hold()}). */
    private static int holds;

    /**
     * Keeps the factories (and their threads) until the returned handle is closed, even while no peer
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

    /** Whether a factory exists now: made and not disposed yet. */
    public static boolean isRunning() {
        synchronized (LOCK) {
            return !factories.isEmpty();
        }
    }

    /** Factories made and not disposed yet. */
    public static int factories() {
        synchronized (LOCK) {
            return factories.size();
        }
    }

    /** Peers open now, in this process. */
    public static int openPeers() {
        return openPeers.get();
    }

    /**
     * Disposes the factories once no peer is open (at once if none is). Call it when the process is
     * done with WebRTC; a later peer makes a new one.
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
        for (int i = 0; i < factories.size(); i++) {
            factories.get(i).dispose();
            audios.get(i).dispose();
        }
        if (!factories.isEmpty()) {
            log.debug("WebRTC factories disposed: {}", factories.size());
        }
        factories.clear();
        audios.clear();
        factoryOfExecutor.clear();
        executorsSeen = 0;
    }
}
