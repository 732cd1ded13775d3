package org.genet.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.measure.Measures;
import org.genet.overlay.RootSocket;
import org.genet.overlay.Wire;

/**
 * Load on a bootstrap server (ours or the original): a root and {@code clients} join sockets, each
 * sending {@code signals} signals to the root, one in flight at a time (a closed loop: the next goes
 * when the root got the last). Bounded in count and in time. Every signal carries its send time,
 * so the root measures the routing latency, joiner to server to root.
 */
public final class SignalingBenchmark {

    public record Result(String server, int clients, int signalsPerClient, int sent, int received, double seconds,
                         double signalsPerSecond, double latencyMsP50, double latencyMsP99, double latencyMsMax,
                         long serverRssBytes, long serverPeakRssBytes) {
    }

    private SignalingBenchmark() {
    }

    public static Result run(URI server, String secret, int clients, int signals, long timeLimitMs, long serverPid)
            throws Exception {
        int total = clients * signals;
        long[] latencies = new long[total];
        AtomicInteger received = new AtomicInteger();
        CountDownLatch warmedUp = new CountDownLatch(clients);
        CountDownLatch allReceived = new CountDownLatch(total);
        CountDownLatch rootOpen = new CountDownLatch(1);
        String[] rootClosed = new String[1];
        List<SignalingSession> sessions = new ArrayList<>();
        int[] sentBy = new int[clients];
        try (BootstrapClient client = new BootstrapClient(server)) {
            RootConnection root = client.openRoot(secret, new RootSocket.Listener() {
                @Override
                public void onOpen() {
                    rootOpen.countDown();
                }

                @Override
                public void onMessage(String text) {
                    long now = System.nanoTime();
                    // read without a JSON parser: the load generator must stay lighter than the server
                    long from = field(text, "\"client\":");
                    if (from < 0) {
                        return; // the heartbeat
                    }
                    if (field(text, "\"seq\":") < 0) {
                        warmedUp.countDown();
                        return;
                    }
                    int i = received.getAndIncrement();
                    latencies[i] = now - field(text, "\"sentNanos\":");
                    allReceived.countDown();
                    sendNext(sessions.get((int) from), (int) from, sentBy, signals);
                }

                @Override
                public void onClose(String reason) {
                    rootClosed[0] = reason;
                    rootOpen.countDown();
                }
            }, Runnable::run);
            if (!rootOpen.await(10, TimeUnit.SECONDS) || rootClosed[0] != null) {
                throw new IllegalStateException("the root could not connect: " + rootClosed[0]);
            }
            for (int c = 0; c < clients; c++) {
                SignalingSession session = client.openSession(null, new SignalingSession.Listener() {
                    @Override
                    public void onSignal(JsonNode signal) {
                    }

                    @Override
                    public void onClose(String reason) {
                    }
                }, Runnable::run, timeLimitMs + 30_000);
                sessions.add(session);
                session.send(signal(c, -1));
            }
            if (!warmedUp.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the join sockets did not all open within 30 s");
            }
            // Closed loop: each join socket has one signal in flight, sending the next when the
            // root got the last one.
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                sendNext(sessions.get(c), c, sentBy, signals);
            }
            allReceived.await(timeLimitMs, TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            int got = Math.min(received.get(), total);
            long[] sorted = Arrays.copyOf(latencies, got);
            Arrays.sort(sorted);
            long rss = serverPid > 0 ? Measures.rss(serverPid) : -1;
            long peakRss = serverPid > 0 ? Measures.peakRss(serverPid) : -1;
            sessions.forEach(SignalingSession::close);
            root.close();
            return new Result(server.toString(), clients, signals, total, got, seconds, got / seconds,
                    ms(Measures.percentile(sorted, 50)), ms(Measures.percentile(sorted, 99)), ms(Measures.max(sorted)),
                    rss, peakRss);
        }
    }

    /** The integer after {@code key} in {@code text}, or -1 if absent or negative. */
    private static long field(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int i = at + key.length();
        if (i < text.length() && text.charAt(i) == '-') {
            return -1;
        }
        for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static void sendNext(SignalingSession session, int client, int[] sentBy, int signals) {
        int seq;
        synchronized (sentBy) {
            seq = sentBy[client];
            if (seq >= signals) {
                return;
            }
            sentBy[client]++;
        }
        session.send(signal(client, seq));
    }

    /** A candidate-sized signal that says who sent it and when. */
    private static ObjectNode signal(int client, int seq) {
        ObjectNode signal = Wire.json().createObjectNode();
        signal.put("type", "candidate");
        signal.putObject("candidate").put("candidate", "candidate:1510613869 1 udp 2122063615 127.0.0.1 59760 typ host generation 0")
                .put("sdpMLineIndex", 0).put("sdpMid", "0");
        signal.put("client", client);
        signal.put("seq", seq);
        signal.put("sentNanos", System.nanoTime());
        return signal;
    }

    /** Nanoseconds as milliseconds with two decimals; -1 stays -1 (nothing measured). */
    private static double ms(long nanos) {
        return nanos < 0 ? -1 : Math.round(nanos / 1e4) / 100.0;
    }
}
