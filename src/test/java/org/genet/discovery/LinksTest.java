package org.genet.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinksTest {
    @Test
    void aLinkGivesTheBootstrapServersAddress() {
        assertThat(Links.address("genet://192.168.1.20:5000")).isEqualTo("192.168.1.20:5000");
        assertThat(Links.address("genet://alice-laptop.local:5000/")).isEqualTo("alice-laptop.local:5000");
        assertThat(Links.address("GENET://[fe80::1]:5000")).isEqualTo("[fe80::1]:5000");
        assertThat(Links.of("10.0.0.2:5000")).isEqualTo("genet://10.0.0.2:5000");
        assertThat(Links.isLink("genet://x:1")).isTrue();
        assertThat(Links.isLink("http://x:1")).isFalse();
    }

    @Test
    void anythingElseIsRefusedWithAMessage() {
        for (String bad : new String[] {"genet://host", "genet://host:0", "http://host:5000", "genet://host:5000/page",
                "genet://host:5000?x=1", "genet://user@host:5000", "genet:host:5000", "genet://host:port", "not a link"}) {
            assertThatThrownBy(() -> Links.address(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("genet");
        }
    }

    @Test
    void aFoundTreeNamesItsAddressAndLink() {
        FoundTree tree = new FoundTree("Genet on lab", "10.0.0.7", 5000, 12, true);
        assertThat(tree.address()).isEqualTo("10.0.0.7:5000");
        assertThat(tree.link()).isEqualTo("genet://10.0.0.7:5000");
        assertThat(tree.describe()).isEqualTo("Genet on lab  (10.0.0.7:5000, 12 nodes)");
        assertThat(new FoundTree("t", "fe80::1", 5000, -1, false).describe()).isEqualTo("t  ([fe80::1]:5000, no root yet)");
    }
}
