package org.genet.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.genet.Await;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;

/** A real bootstrap server on 127.0.0.1, a free port, and a client to it; closes all it opened. */
final class ServerFixture implements AutoCloseable {
    static final String SECRET = "s3cret";

    final BootstrapServer server;
    final int port;
    final BootstrapClient client;
    private final List<AutoCloseable> opened = new ArrayList<>();

    ServerFixture() throws Exception {
        this(ServerConfig.builder(SECRET).build());
    }

    ServerFixture(ServerConfig config) throws Exception {
        server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), config);
        port = server.startAndWait();
        client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port));
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    RootConnection root(Recorder recorder) throws InterruptedException {
        RootConnection root = client.openRoot(SECRET, recorder, Runnable::run);
        opened.add(root::close);
        return root;
    }

    /** A root with the secret, open; what it hears. */
    Recorder openRoot() throws InterruptedException {
        Recorder recorder = new Recorder();
        root(recorder);
        recorder.awaitOpen();
        return recorder;
    }

    /** A root with the secret whose client sends its heartbeat every {@code heartbeatMs} and gives up after {@code silenceMs} of silence, open. */
    Recorder openRoot(long heartbeatMs, long silenceMs) throws InterruptedException {
        Recorder recorder = new Recorder();
        track(client.openRoot(SECRET, recorder, Runnable::run, heartbeatMs, silenceMs)::close);
        recorder.awaitOpen();
        return recorder;
    }

    SignalingSession session(String destination, Recorder recorder) {
        SignalingSession session = client.openSession(destination, recorder, Runnable::run, 30_000);
        opened.add(session::close);
        return session;
    }

    void track(AutoCloseable closeable) {
        opened.add(closeable);
    }

    /** A raw client on {@code path}, open. */
    RawClient raw(String path) throws InterruptedException {
        RawClient client = RawClient.open(uri(path));
        opened.add(client::close);
        return client;
    }

    /** A joiner on a raw socket (frames go out as written), having sent {@code frames}. */
    RawClient rawJoiner(String... frames) throws InterruptedException {
        RawClient joiner = raw("/join");
        for (String frame : frames) {
            joiner.send(frame);
        }
        return joiner;
    }

    static JsonNode json(String text) {
        try {
            return Wire.parse(text);
        } catch (WireException e) {
            throw new AssertionError(e);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, what, 10);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // closing what is already closed
            }
        }
        client.close();
        server.close();
    }
}
