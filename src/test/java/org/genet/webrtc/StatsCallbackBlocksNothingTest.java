package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Named after a defect found in the NAT lab: reading a candidate's address with a name lookup
 * inside WebRTC's stats callback held WebRTC's thread (no DNS in the lab), and with it the node's
 * loop, which was waiting in getStats. Stats are now read on the node's loop, and an address is
 * judged private by its text alone: a name is never looked up.
 */
class StatsCallbackBlocksNothingTest {

    @Test
    void privateAddressesAreToldByTheirTextAlone() {
        for (String p : new String[] {"10.1.0.2", "172.16.5.4", "172.31.255.1", "192.168.1.10", "127.0.0.1", "169.254.3.3",
                "fd00::1", "fe80::1", "::1"}) {
            assertThat(SelectedPair.isPrivate(p)).as(p).isTrue();
        }
        for (String p : new String[] {"198.18.1.2", "172.32.0.1", "8.8.8.8", "2001:db8::1", "null", "some.host.name", ""}) {
            assertThat(SelectedPair.isPrivate(p)).as(p).isFalse();
        }
    }

    @Test
    void judgingANameTakesNoLookup() {
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            SelectedPair.isPrivate("no-such-host-" + i + ".invalid");
        }
        // a thousand lookups would take seconds (or hang without DNS); text alone takes microseconds
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }
}
