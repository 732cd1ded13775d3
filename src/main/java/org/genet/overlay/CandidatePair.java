package org.genet.overlay;

/**
 * How a connection to a neighbour got through, from the adapter's view of it (WebRTC's selected
 * ICE candidate pair), as a plain value: the type of this side's candidate and of the other
 * side's ({@code host}, {@code srflx}, {@code prflx}, {@code relay}) and the round trip time ICE
 * measured (NaN when unknown). {@link #link()} sums it up as the topology reports carry it.
 */
public record CandidatePair(String local, String remote, double rttMs) {
    /** Both sides' own addresses: one machine, a LAN, or a host with a public address. */
    public static final String DIRECT = "direct";
    /** Through a NAT: at least one side's address as its NAT maps it (STUN, or learnt from the checks). */
    public static final String NAT = "nat";
    /** Through a TURN server: at least one side relays. */
    public static final String RELAY = "relay";

    /** {@code direct}, {@code nat} or {@code relay}. */
    public String link() {
        return linkOf(local, remote);
    }

    /** The link two candidate types make; null when neither is known. */
    public static String linkOf(String local, String remote) {
        if (local == null && remote == null) {
            return null;
        }
        if ("relay".equals(local) || "relay".equals(remote)) {
            return RELAY;
        }
        if ("srflx".equals(local) || "srflx".equals(remote) || "prflx".equals(local) || "prflx".equals(remote)) {
            return NAT;
        }
        return DIRECT;
    }

    /**
     * Whether a side is peer-reflexive: WebRTC learnt that address from a check before the
     * candidates were signalled, and may swap it for the signalled one (SelectedPair counts one
     * at a private address as host already).
     */
    public boolean isGuess() {
        return "prflx".equals(local) || "prflx".equals(remote);
    }

    /** Whether {@code link} is one of the three values reports may carry. */
    public static boolean isLink(String link) {
        return DIRECT.equals(link) || NAT.equals(link) || RELAY.equals(link);
    }

    /** "nat (srflx to host), 12.3 ms": for output lines. */
    public String describe() {
        return link() + " (" + local + " to " + remote + ")" + (Double.isNaN(rttMs) ? "" : String.format(java.util.Locale.ROOT, ", %.1f ms", rttMs));
    }
}
