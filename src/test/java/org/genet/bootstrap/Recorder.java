package org.genet.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.genet.overlay.RootSocket;
import org.genet.overlay.Wire;

/** Records what a root socket or a signaling session hears, for tests to wait on. */
public final class Recorder implements RootSocket.Listener, SignalingSession.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonNode> signals = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    final BlockingQueue<Boolean> opens = new LinkedBlockingQueue<>();
    private volatile Runnable whenOpen = () -> { };

    /** Has {@code action} run inside the open event, on the thread that reports it, before the open is recorded. */
    public Recorder whenOpen(Runnable action) {
        whenOpen = action;
        return this;
    }

    @Override
    public void onOpen() {
        whenOpen.run();
        opens.add(true);
    }

    @Override
    public void onMessage(String text) {
        messages.add(text);
    }

    @Override
    public void onClose(String reason) {
        closes.add(reason);
    }

    @Override
    public void onSignal(JsonNode signal) {
        signals.add(signal);
    }

    /** The next message that is not a heartbeat, parsed. */
    public JsonNode nextSignalMessage() throws Exception {
        return nextSignalMessage(5);
    }

    /** The next message that is not a heartbeat, parsed, waiting at most {@code seconds}. */
    public JsonNode nextSignalMessage(int seconds) throws Exception {
        while (true) {
            String text = messages.poll(seconds, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no message within " + seconds + " s");
            }
            if (!text.equals("\"heartbeat\"")) {
                return Wire.parse(text);
            }
        }
    }

    public JsonNode nextSignal() throws InterruptedException {
        JsonNode signal = signals.poll(5, TimeUnit.SECONDS);
        if (signal == null) {
            throw new AssertionError("no signal within 5 s");
        }
        return signal;
    }

    public String nextClose() throws InterruptedException {
        String reason = closes.poll(10, TimeUnit.SECONDS);
        if (reason == null) {
            throw new AssertionError("not closed within 10 s");
        }
        return reason;
    }

    public void awaitOpen() throws InterruptedException {
        if (opens.poll(5, TimeUnit.SECONDS) == null) {
            throw new AssertionError("not open within 5 s");
        }
    }
}
