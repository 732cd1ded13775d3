package org.genet.browser;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser tests' one fixture (a JUnit 5 extension, one per test: {@code @RegisterExtension
 * final BrowserTree tree = new BrowserTree(SECRET)}): the bootstrap server on 127.0.0.1, port 0
 * (started on first use, or with {@link #start(ServerConfig)} for another config), a
 * client, node loops, our nodes and Debian's chromium on the server's page. After each test it
 * closes all it made, the last made first (the browsers before the nodes, the nodes before
 * their loops, the server last), and fails the test if a chromium process is left behind.
 */
final class BrowserTree implements AfterEachCallback {
    private final String secret;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private BootstrapServer server;
    private String host;
    private BootstrapClient client;
    private NodeLoop loop;
    private boolean webRtc;

    BrowserTree(String secret) {
        this.secret = secret;
    }

    /** Starts the server with {@code config} (bound to 127.0.0.1, port 0); once, before anything else. */
    BrowserTree start(ServerConfig config) throws Exception {
        if (server != null) {
            throw new IllegalStateException("the server is started already");
        }
        server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), config);
        open.push(server::close);
        host = "127.0.0.1:" + server.startAndWait();
        return this;
    }

    /** The server's host and port, 127.0.0.1:N; the server started with the secret if not yet. */
    String host() throws Exception {
        if (server == null) {
            start(ServerConfig.builder(secret).build());
        }
        return host;
    }

    /** The server's page, {@code pathAndMore} after the host (like "/?maxDegree=1#name"). */
    String page(String pathAndMore) throws Exception {
        return "http://" + host() + pathAndMore;
    }

    /** A client of the server, shared by the nodes. */
    BootstrapClient client() throws Exception {
        if (client == null) {
            client = new BootstrapClient(URI.create("ws://" + host()));
            open.push(client::close);
        }
        return client;
    }

    /** A new node loop, closed after the nodes made on it (they are made after it). */
    NodeLoop newLoop(String name) {
        NodeLoop l = new NodeLoop(name);
        open.push(l::close);
        return l;
    }

    /** The loop {@link #node} puts nodes on. */
    NodeLoop loop() {
        if (loop == null) {
            loop = newLoop("browser-test");
        }
        return loop;
    }

    /** One of our nodes on {@link #loop()}. */
    GenetNode node(int maxDegree, long requestTimeoutMs) throws Exception {
        return node(loop(), maxDegree, requestTimeoutMs);
    }

    /** One of our nodes on {@code on}, closed before it. */
    GenetNode node(NodeLoop on, int maxDegree, long requestTimeoutMs) throws Exception {
        return own(new GenetNode(client(), on, new Random(), maxDegree, requestTimeoutMs));
    }

    /** A node made elsewhere, closed with the fixture (before what was made before it). */
    GenetNode own(GenetNode node) {
        webRtc = true;
        open.push(node::close);
        return node;
    }

    /** Chromium, headless, on the server's page at {@code pathAndMore}. */
    Chromium chromium(String pathAndMore) throws Exception {
        Chromium c = new Chromium(page(pathAndMore));
        open.push(c::close);
        return c;
    }

    /** Chromium driven through DevTools on the server's page, a window of {@code width} x {@code height}. */
    DevTools devTools(String pathAndMore, int width, int height) throws Exception {
        return devTools(pathAndMore, width, height, null);
    }

    /** The same with {@code profile} as the browser's profile (kept: the caller deletes it). */
    DevTools devTools(String pathAndMore, int width, int height, Path profile) throws Exception {
        DevTools d = new DevTools(page(pathAndMore), width, height, profile);
        open.push(d::close);
        return d;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Exception> failures = new ArrayList<>();
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (webRtc) {
            WebRtc.shutdown();
        }
        List<ProcessHandle> left = chromiumLeft();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = chromiumLeft();
        }
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            failures.add(new IllegalStateException("chromium processes left behind: " + left.size()));
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static List<ProcessHandle> chromiumLeft() {
        return ProcessHandle.current().descendants().filter(p -> p.isAlive()
                && p.info().command().map(c -> c.contains("chromium")).orElse(false)).toList();
    }
}
