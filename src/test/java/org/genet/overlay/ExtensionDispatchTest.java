package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who gets extension messages and who sees them (docs/EXTENSIONS.md): a child labelled as a Genet
 * node gets a hello, a child that is not gets nothing; a joiner sends nothing before its parent's
 * hello; extension payloads never reach the application, except from a neighbour not known to
 * speak Genet, whose payloads are its application's.
 */
class ExtensionDispatchTest {

    private static List<JsonNode> extensionsIn(List<String> frames) throws WireException {
        List<JsonNode> out = new ArrayList<>();
        for (String frame : frames) {
            if (Wire.parseChannelFrame(frame) instanceof ChannelMessage.Data d && Extensions.kindOf(d.data()) != null) {
                out.add(d.data());
            }
        }
        return out;
    }

    private static String data(String json) {
        return "{\"type\":\"DATA\",\"data\":" + json + "}";
    }

    @Test
    void aGenetChildGetsAHelloAndItsExtensionsNeverReachTheApplication() throws Exception {
        Tree tree = Tree.root(3);
        tree.node.setName("stage");
        String origin = Frames.origin("c1");
        tree.network.genetOrigins.add(origin);
        Channel child = tree.connectChild(origin);
        ScriptedNetwork.Link link = tree.network.answerTo(origin);
        List<JsonNode> sent = extensionsIn(link.sent);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("genet").asText()).isEqualTo("hello");
        assertThat(sent.get(0).path("id").asText()).isEqualTo(tree.node.id());
        assertThat(sent.get(0).path("name").asText()).isEqualTo("stage");
        assertThat(sent.get(0).path("depth").asInt()).isZero();
        assertThat(child.speaksGenet()).isTrue();
        assertThat(child.label()).isEqualTo(EventText.short6(origin)); // before its hello

        link.listener.onMessage(data("{\"genet\":\"hello\",\"v\":1,\"id\":\"777777\",\"name\":\"bob\",\"impl\":\"browser\",\"maxDegree\":3}"));
        assertThat(child.label()).isEqualTo("bob");
        assertThat(child.nodeId()).isEqualTo("777777");
        assertThat(child.impl()).isEqualTo("browser");
        assertThat(EventText.channel(child)).isEqualTo("child 0 (bob)");
        assertThat(tree.events(NodeEvent.Hello.class)).hasSize(1);

        link.listener.onMessage(data("{\"genet\":\"ping\",\"v\":1,\"n\":4}"));
        assertThat(extensionsIn(link.sent)).last().satisfies(p -> {
            assertThat(p.path("genet").asText()).isEqualTo("pong");
            assertThat(p.path("n").asInt()).isEqualTo(4);
        });

        List<JsonNode> handled = new ArrayList<>();
        tree.node.onExtension("keepalive", (c, p) -> handled.add(p));
        link.listener.onMessage(data("{\"genet\":\"keepalive\",\"v\":1}"));
        link.listener.onMessage(data("{\"genet\":\"from-the-future\",\"v\":9}"));
        assertThat(handled).hasSize(1);

        link.listener.onMessage(data("{\"hello\":\"an application's own object\"}"));
        assertThat(tree.events(NodeEvent.Data.class)).singleElement()
                .satisfies(d -> assertThat(d.data().has("genet")).isFalse());
        assertThat(tree.node.sendExtension(child, Extensions.payload("keepalive"))).isTrue();
    }

    @Test
    void aChildThatIsNotLabelledGetsNoExtensionAndItsPayloadsAreItsApplications() throws Exception {
        Tree tree = Tree.root(3);
        String origin = Frames.origin("c2");
        Channel child = tree.connectChild(origin);
        ScriptedNetwork.Link link = tree.network.answerTo(origin);
        child.send("ping");
        assertThat(extensionsIn(link.sent)).isEmpty();
        assertThat(child.speaksGenet()).isFalse();
        assertThat(tree.node.sendExtension(child, Extensions.payload("keepalive"))).isFalse();
        link.listener.onMessage(data("{\"genet\":\"hello\",\"id\":\"1\"}"));
        assertThat(tree.events(NodeEvent.Data.class)).hasSize(1);
        assertThat(child.nodeId()).isNull();
        tree.clock.advance(1_000);
        assertThat(extensionsIn(link.sent)).as("no report, no ping, nothing").isEmpty();
        assertThat(tree.node.topology().node(EventText.short6(origin)).impl()).isEqualTo("original");
    }

    @Test
    void aJoinerSpeaksOnlyAfterItsParentsHello() throws Exception {
        Tree tree = new Tree(2);
        tree.node.setName("alice");
        tree.node.setPingIntervalMs(Node.PING_INTERVAL_MS); // asked for its round trip time: it pings too
        ScriptedNetwork.Link link = tree.joinParent();
        tree.clock.advance(1_000);
        assertThat(link.sent).as("an original parent hears nothing from us").isEmpty();

        link.listener.onMessage(data("{\"genet\":\"report\",\"top\":\"x\"}")); // not known to speak Genet: its app's
        assertThat(tree.events(NodeEvent.Data.class)).hasSize(1);

        link.listener.onMessage(data("{\"genet\":\"hello\",\"v\":1,\"id\":\"424242\",\"impl\":\"java\",\"maxDegree\":10,\"depth\":4}"));
        assertThat(tree.node.parent().speaksGenet()).isTrue();
        assertThat(tree.node.depth()).isEqualTo(5);
        List<JsonNode> sent = extensionsIn(link.sent);
        assertThat(sent).extracting(p -> p.path("genet").asText()).containsExactly("hello", "ping");
        assertThat(sent.get(0).path("name").asText()).isEqualTo("alice");
        assertThat(sent.get(0).path("id").asText()).isEqualTo(tree.node.id());
        assertThat(sent.get(0).path("keepalive").asLong()).as("its bound, announced").isEqualTo(Node.DEFAULT_KEEPALIVE_BOUND_MS);
        tree.clock.advance(Node.DEFAULT_REPORT_DELAY_MS);
        List<JsonNode> afterDelay = extensionsIn(link.sent);
        assertThat(afterDelay).last().satisfies(p -> {
            assertThat(p.path("genet").asText()).isEqualTo("report");
            assertThat(p.path("full").asBoolean()).isTrue();
            assertThat(p.path("nodes").get(0).path("depth").asInt()).isEqualTo(5);
        });
        assertThat(tree.events(NodeEvent.Data.class)).hasSize(1);
    }

    /**
     * Any frame shows a neighbour is alive, so a link that carries other frames carries no
     * keepalives; a quiet one gets one each quarter of the bound, and a keepalive counts as heard.
     */
    @Test
    void aLinkBusyWithOtherFramesCarriesNoKeepalives() throws Exception {
        Tree tree = Tree.root(3);
        tree.node.setKeepaliveBound(4_000);
        String quietOrigin = Frames.origin("a1");
        String busyOrigin = Frames.origin("b1");
        tree.network.genetOrigins.add(quietOrigin);
        tree.network.genetOrigins.add(busyOrigin);
        Channel quiet = tree.connectChild(quietOrigin);
        Channel busy = tree.connectChild(busyOrigin);
        ScriptedNetwork.Link quietLink = tree.network.answerTo(quietOrigin);
        ScriptedNetwork.Link busyLink = tree.network.answerTo(busyOrigin);
        for (int i = 0; i < 40; i++) { // 10 s: application data to one child every 250 ms
            busy.send("tick " + i);
            quietLink.listener.onMessage(data("{\"genet\":\"keepalive\",\"v\":1}"));
            busyLink.listener.onMessage(data("{\"genet\":\"keepalive\",\"v\":1}"));
            tree.clock.advance(250);
        }
        long toQuiet = extensionsIn(quietLink.sent).stream().filter(p -> p.path("genet").asText().equals("keepalive")).count();
        long toBusy = extensionsIn(busyLink.sent).stream().filter(p -> p.path("genet").asText().equals("keepalive")).count();
        assertThat(toQuiet).as("a quiet child: one a second").isBetween(9L, 11L);
        assertThat(toBusy).as("a child that gets data every 250 ms").isZero();
        assertThat(tree.node.children()).as("both heard, neither cut").hasSize(2);
        assertThat(quiet.speaksGenet()).isTrue();
        assertThat(tree.events(NodeEvent.Data.class)).as("keepalives never reach the application").isEmpty();
    }
}
