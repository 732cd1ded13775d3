package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a real peer told its listener, for tests: each event as a line of text in the order heard
 * ({@code connect}, {@code data:} and the text, {@code close}, {@code error:} and the reason), and
 * every signal it gave, which also goes to {@link #relay} (the other side, when there is one).
 * A test that cares for more (stalls, frames counted rather than kept) overrides that callback.
 */
public class PeerEvents implements RtcPeer.Listener {
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    public final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    public volatile Consumer<JsonNode> relay = signal -> { };

    @Override
    public void onSignal(JsonNode signal) {
        sent.add(signal);
        relay.accept(signal);
    }

    @Override
    public void onConnect() {
        events.add("connect");
    }

    @Override
    public void onData(String text) {
        events.add("data:" + text);
    }

    @Override
    public void onClose() {
        events.add("close");
    }

    @Override
    public void onError(String reason) {
        events.add("error:" + reason);
    }

    /** The next event; fails the test unless one comes within 10 s. */
    public String next() throws InterruptedException {
        return next(10);
    }

    /** The next event; fails the test unless one comes within {@code seconds}. */
    public String next(int seconds) throws InterruptedException {
        String event = events.poll(seconds, TimeUnit.SECONDS);
        assertThat(event).as("an event within %d s", seconds).isNotNull();
        return event;
    }
}
