package org.genet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.Await;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.interop.OriginalJsAccess;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.Extensions;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser node page in a real browser (Debian's chromium, headless), in one tree with our
 * nodes and an original JavaScript node. With maxDegree 1 the tree is a chain: our root, the
 * browser, our node (whose join request the browser relays), the original node.
 */
class BrowserNodeTest {
    private static final String SECRET = "browser";

    @RegisterExtension
    final BrowserTree tree = new BrowserTree(SECRET);

    private static String poll(BlockingQueue<String> q, String what, Chromium browser) throws InterruptedException {
        String s = q.poll(40, TimeUnit.SECONDS);
        assertThat(s).as(what + "; chromium said:\n" + browser.log()).isNotNull();
        return s;
    }

    /** A root's test application: it pings each child that connects and keeps what its children send. */
    private static java.util.function.Consumer<NodeEvent> pingsEachChildAndKeepsWhatItSays(BlockingQueue<String> heard) {
        return e -> {
            if (e instanceof NodeEvent.ChildConnect c) {
                c.channel().send("ping");
            } else if (e instanceof NodeEvent.Data d && !d.isParent()) {
                heard.add(d.data().asText());
            }
        };
    }

    @Test
    void theServerServesTheBrowserNodePage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(tree.page("/"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"genet-node.js\">");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(tree.page("/genet-node.js"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.body()).contains("JOIN-REQUEST").contains("RTCPeerConnection");
    }

    @Test
    void aBrowserNodeJoinsRelaysAJoinRequestAndTalksWithBothImplementations() throws Exception {
        String host = tree.host();
        GenetNode root = tree.node(1, 30_000);
        GenetNode middle = tree.node(1, 30_000);
        BlockingQueue<String> rootHeard = new LinkedBlockingQueue<>();
        BlockingQueue<String> middleFromParent = new LinkedBlockingQueue<>();
        BlockingQueue<String> middleFromChild = new LinkedBlockingQueue<>();
        try (OriginalJsAccess js = new OriginalJsAccess()) {
            root.on(pingsEachChildAndKeepsWhatItSays(rootHeard)).becomeRoot(SECRET);
            Thread.sleep(300);
            try (Chromium browser = tree.chromium("/?maxDegree=1#browser1")) {
                assertThat(poll(rootHeard, "the browser answers the root's ping", browser)).isEqualTo("browser1");

                middle.on(e -> {
                    if (e instanceof NodeEvent.ChildConnect c) {
                        c.channel().send("ping");
                    } else if (e instanceof NodeEvent.Data d) {
                        (d.isParent() ? middleFromParent : middleFromChild).add(d.data().asText());
                        if (d.isParent()) {
                            d.channel().send("middle");
                        }
                    }
                }).join();
                assertThat(poll(middleFromParent, "the browser greets its child", browser)).isEqualTo("hello from browser1");
                assertThat(root.childrenNb()).isEqualTo(1);

                String original = js.startTreeNode(host, "js3");
                assertThat(poll(middleFromChild, "the original node answers its parent", browser)).isEqualTo("js3");
                assertThat(js.dataFromParent()).isEqualTo("ping");
                assertThat(middle.childrenNb()).isEqualTo(1);
                assertThat(original).isNotNull();
            }
        }
    }

    @Test
    void aServerThatRefusesTheJoinIsShownOnThePage() throws Exception {
        // the server takes one join socket, and this test holds it: the page's is refused (503)
        tree.start(ServerConfig.builder(SECRET).maxJoinSockets(1).build());
        java.net.http.WebSocket holder = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + tree.host() + "/join"), new java.net.http.WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        try {
            // the page read once its error is shown (issue 19: a dump after a virtual time budget
            // raced the refusal, which comes in real time, and lost it 2 times in 6 under load)
            try (DevTools page = tree.devTools("/#refused", 800, 600)) {
                page.await("document.getElementById('error') && document.getElementById('error').textContent !== ''",
                        "the page shows an error", 30);
                String dom = page.eval("document.documentElement.outerHTML").asText();
                assertThat(dom).contains("id=\"error\"").contains("Could not join: cannot reach the bootstrap server");
                assertThat(dom).contains("Not in the tree");
            }
        } finally {
            holder.abort();
        }
    }

    /**
     * Self-repair in the browser: the page's parent (one of our nodes) freezes. The page notices
     * through its keepalives, rejoins, and is back directly under the root, which pings it again.
     *
     * <p>The root must drop the frozen node before the page's new offer reaches it: else the root
     * delegates that offer to the frozen node, where it is lost, and the page waits out its 30 s
     * request timeout before trying again (issue 19: this test failed once in a loaded full run).
     * With the same 1 s bound on both sides the root won by 122 to 896 ms in six runs under
     * load; so the root's bound is half the page's from the freeze until it has dropped the
     * frozen node (not before: a 500 ms bound dropped the live middle node once under load).
     */
    @Test
    void aBrowserNodeWhoseParentFreezesRejoins() throws Exception {
        NodeLoop rootLoop = tree.newLoop("browser-test-root");
        NodeLoop middleLoop = tree.newLoop("browser-test-middle");
        GenetNode root = tree.node(rootLoop, 1, 30_000).keepaliveBound(1_000);
        GenetNode middle = tree.node(middleLoop, 1, 30_000).keepaliveBound(1_000);
        BlockingQueue<String> rootHeard = new LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch thaw = new java.util.concurrent.CountDownLatch(1);
        try {
            root.on(pingsEachChildAndKeepsWhatItSays(rootHeard)).becomeRoot(SECRET);
            middle.on(e -> {
                if (e instanceof NodeEvent.Data d && d.isParent()) {
                    d.channel().send("middle");
                }
            }).join();
            assertThat(rootHeard.poll(30, TimeUnit.SECONDS)).isEqualTo("middle");
            try (Chromium browser = tree.chromium("/?keepalive=1000#browser2")) {
                org.genet.Await.until(() -> middle.childrenNb() == 1
                        && middle.children().get(0).speaksGenet(), "the browser is the middle node's child", 40);
                root.keepaliveBound(500);
                middleLoop.execute(() -> {
                    try {
                        thaw.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                org.genet.Await.until(() -> root.childrenNb() == 0, "the root drops the frozen node", 20);
                root.keepaliveBound(4_000); // from now on the page's 1 s keepalives need no close race
                String heard = poll(rootHeard, "the browser rejoins under the root and answers its ping", browser);
                while ("middle".equals(heard)) { // the middle node, had the loaded machine made the root drop it once
                    heard = poll(rootHeard, "the browser rejoins under the root and answers its ping", browser);
                }
                assertThat(heard).isEqualTo("browser2");
                assertThat(root.children().get(0).name()).isEqualTo("browser2");
            }
        } finally {
            thaw.countDown(); // the middle node's loop, free to close
        }
    }

    /**
     * The page sends keepalives at the rate its neighbour's announced bound needs, as the Java node
     * does (docs/EXTENSIONS.md, {@code keepalive}), not four per its own 4 s bound: a Java root with
     * the default 120 s bound hears almost none from its page child, and is still sent them fast
     * enough when it announces a short bound.
     */
    @Test
    void thePageSendsKeepalivesAtTheRateItsParentsAnnouncedBoundNeeds() throws Exception {
        GenetNode root = tree.node(2, 30_000); // the default bound, 120 s
        AtomicInteger heard = new AtomicInteger();
        root.execute(n -> n.onExtension(Extensions.KEEPALIVE, (channel, data) -> heard.incrementAndGet()));
        root.becomeRoot(SECRET);
        try (Chromium browser = tree.chromium("/#paced")) {
            Await.until(() -> root.childrenNb() == 1 && root.children().get(0).nodeId() != null,
                    "the page joined the root and said hello", 40);
            Thread.sleep(1_500); // the page has the root's hello, and the first frames have gone
            heard.set(0);
            Thread.sleep(6_000);
            // 120 s: a keepalive only where nothing was sent for 15 s; at four per the page's own
            // 4 s bound it was one a second, about six here
            assertThat(heard.get()).as("keepalives from the page in 6 s to a root announcing %d ms",
                    Node.DEFAULT_KEEPALIVE_BOUND_MS).isLessThanOrEqualTo(1);
            assertThat(root.childrenNb()).as("the page stayed (the root's keepalives at the page's 4 s bound)").isEqualTo(1);

            root.keepaliveBound(2_000); // announced to the page in a new hello
            Thread.sleep(500);
            heard.set(0);
            Thread.sleep(4_000);
            // 2 s: one where nothing was sent for 250 ms, on ticks of 500 ms: about eight
            assertThat(heard.get()).as("keepalives from the page in 4 s to a root announcing 2,000 ms")
                    .isGreaterThanOrEqualTo(4);
            assertThat(root.childrenNb()).as("the root kept its page child under a 2 s bound").isEqualTo(1);
        }
    }
}
