package org.genet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genet.Await;
import org.genet.net.GenetNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser page as an audience member meets it on a phone (chromium, headless, emulating a
 * 390x844 screen), in a tree of Java nodes: it asks for a name on first open and remembers it
 * (the address's #NAME skips the question), then says plainly that it joined, its depth, its way
 * up to the root by name, the tree's size (the root's, carried down by the tree extension) and
 * whom it relays for; large type, light and dark; nothing wider than the screen, no text cut.
 * With maxDegree 1 the tree is a chain: speaker (root), alice, the phone, bob.
 */
class PhonePageTest {
    @RegisterExtension
    final BrowserTree fixture = new BrowserTree("s");
    private final List<GenetNode> nodes = new ArrayList<>();

    @BeforeEach
    void tree() throws Exception {
        GenetNode root = node("speaker");
        root.becomeRoot("s");
        Await.until(root::isAttached, "the root is connected", 20);
        GenetNode alice = node("alice");
        alice.join();
        Await.until(() -> alice.depth() == 1, "alice is the root's child", 20);
    }

    private GenetNode node(String name) throws Exception {
        // a join request handed to a child that has just gone is lost: its joiner tries again after this long
        GenetNode n = fixture.node(1, 5_000);
        n.setName(name);
        nodes.add(n);
        return n;
    }

    /** What the page's element shows. */
    private static String text(DevTools page, String id) throws Exception {
        return page.eval("document.getElementById('" + id + "').textContent").asText();
    }

    @Test
    void thePageAsksForANameOnceThenSaysPlainlyWhereItIsInTheTree() throws Exception {
        Path profile = Files.createTempDirectory("genet-phone");
        try {
            try (DevTools page = fixture.devTools("/?maxDegree=1", 390, 844, profile)) {
                page.screen(390, 844);
                page.await("location.protocol === 'http:' && document.readyState === 'complete' && document.getElementById('status')", "the page loaded", 20);
                assertThat(page.eval("document.getElementById('ask').hidden").asBoolean()).as("the question").isFalse();
                assertThat(text(page, "status")).isEqualTo("Choose a name to join");
                assertThat(page.eval("!!window.genet").asBoolean()).as("nothing joined before a name is given").isFalse();
                page.eval("document.getElementById('name-input').value = 'Ada';"
                        + "document.getElementById('join-as').click(); true");
                page.await("window.genet && window.genet.state === 'joined' && window.genet.size === 3",
                        "the phone joined under alice and knows the tree's size", 40);
                assertThat(text(page, "status")).isEqualTo("You are in the tree");
                assertThat(text(page, "depth")).isEqualTo("2");
                assertThat(text(page, "size")).isEqualTo("3");
                assertThat(page.eval("[...document.querySelectorAll('#path li')].map(l => l.textContent)").toString())
                        .isEqualTo("[\"speaker (the root)\",\"alice\",\"Ada (you)\"]");
                assertThat(page.eval("localStorage.getItem('genet.name')").asText()).isEqualTo("Ada");
                // the speaker's tree shows the phone by its name
                Await.until(() -> nodes.get(0).topology().nodes().values().stream().anyMatch(n -> "Ada".equals(n.name())),
                        "the root's tree names the phone", 10);

                // bob joins below the phone: it relays, and the size grows
                GenetNode bob = node("bob");
                bob.join();
                page.await("window.genet.relaying === 1 && window.genet.size === 4", "the phone relays for bob", 40);
                // the child is counted when its channel opens and named when its hello comes, which may be later
                page.await("document.getElementById('relay').textContent.includes('(bob)')", "the phone names bob", 10);
                assertThat(text(page, "relay")).startsWith("1 node below you (bob)");
                // and the page passes the tree extension on: the Java node below it knows the size and its way up
                Await.until(() -> bob.treeInfo().size() == 4, "bob knows the tree's size from the page", 10);
                assertThat(bob.treeInfo().path().stream().map(org.genet.overlay.TreeInfo.Hop::label).toList())
                        .containsExactly("speaker", "alice", "Ada");

                assertFitsTheScreen(page, 390);
                assertThat(page.eval("parseFloat(getComputedStyle(document.getElementById('status')).fontSize)").asDouble())
                        .as("the status's type, px").isGreaterThanOrEqualTo(26);
                assertThat(page.eval("parseFloat(getComputedStyle(document.getElementById('depth')).fontSize)").asDouble())
                        .as("the depth's type, px").isGreaterThanOrEqualTo(40);
                page.screenshot(Path.of("target/sizes/phone-joined-390x844.png"));
                for (int width : new int[] {360, 430}) {
                    page.screen(width, 844);
                    assertFitsTheScreen(page, width);
                }
                page.screen(390, 844);
                page.colourScheme("dark");
                assertThat(page.eval("getComputedStyle(document.body).backgroundColor").asText()).isEqualTo("rgb(13, 17, 23)");
                assertThat(page.eval("getComputedStyle(document.body).color").asText()).isEqualTo("rgb(230, 237, 243)");
                page.screenshot(Path.of("target/sizes/phone-joined-dark-390x844.png"));
                page.colourScheme("light");
                assertThat(page.eval("getComputedStyle(document.body).backgroundColor").asText()).isEqualTo("rgb(246, 248, 250)");
            }
            // the tree lets go of the page that closed (bob rejoins) before the same phone opens it again
            Await.until(() -> nodes.get(0).topology().size() == 3 && nodes.get(0).topology().nodes().values().stream()
                    .noneMatch(n -> "Ada".equals(n.name())), "the tree without the closed page", 30);
            // opened again: the name given last time, no question
            try (DevTools page = fixture.devTools("/?maxDegree=1", 390, 844, profile)) {
                page.await("location.protocol === 'http:' && document.readyState === 'complete' && document.getElementById('status')", "the page loaded", 20);
                assertThat(page.eval("document.getElementById('ask').hidden").asBoolean()).isTrue();
                assertThat(page.eval("window.genet.name").asText()).isEqualTo("Ada");
                page.await("window.genet.state === 'joined'", "joined again as Ada", 40);
            }
        } finally {
            Chromium.delete(profile);
        }
    }

    @Test
    void aNameInTheAddressSkipsTheQuestion() throws Exception {
        try (DevTools page = fixture.devTools("/#Grace%20Hopper", 390, 844)) {
            page.screen(390, 844);
            page.await("window.genet && window.genet.state === 'joined' && window.genet.size > 0", "Grace joined", 40);
            assertThat(page.eval("document.getElementById('ask').hidden").asBoolean()).isTrue();
            assertThat(text(page, "name")).isEqualTo("Grace Hopper");
            assertThat(page.eval("window.genet.path").toString()).isEqualTo("[\"speaker\",\"alice\"]");
        }
    }

    /** Nothing wider than the screen, no text cut short by its box. */
    private static void assertFitsTheScreen(DevTools page, int width) throws Exception {
        assertThat(page.eval("document.documentElement.scrollWidth").asInt()).as("the page's width at " + width).isLessThanOrEqualTo(width);
        String outside = page.eval("[...document.body.querySelectorAll('*')].filter(e => e.offsetParent !== null)"
                + ".filter(e => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > innerWidth + 0.5; })"
                + ".map(e => e.id || e.tagName).join(',')").asText();
        assertThat(outside).as("elements beyond the screen's edge at " + width).isEmpty();
        String cut = page.eval("[...document.body.querySelectorAll('*')].filter(e => e.offsetParent !== null && e.id !== 'log')"
                + ".filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')"
                + ".map(e => e.id || e.tagName).join(',')").asText();
        assertThat(cut).as("text cut short at " + width).isEmpty();
    }
}
