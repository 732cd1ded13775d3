package org.genet.overlay;

import java.util.Random;

/**
 * The hash the original uses for node ids and for choosing the slot a join request is delegated to
 * (PROTOCOL.md section 5): Jenkins' 32-bit integer hash with every step cut to 31 bits. Java's
 * wrapping {@code int} arithmetic matches JavaScript's {@code ToInt32} semantics step by step.
 */
public final class Hash31 {
    private Hash31() {
    }

    public static int hash31(int v) {
        v = ((v + 0x7ed55d16) + (v << 12)) & 0x7fffffff;
        v = ((v ^ 0xc761c23c) ^ (v >>> 19)) & 0x7fffffff;
        v = ((v + 0x165667b1) + (v << 5)) & 0x7fffffff;
        v = ((v + 0xd3a2646c) ^ (v << 9)) & 0x7fffffff;
        v = ((v + 0xfd7046c5) + (v << 3)) & 0x7fffffff;
        v = ((v ^ 0xb55a4f09) ^ (v >>> 16)) & 0x7fffffff;
        return v;
    }

    /** A node id as the original makes it: the decimal hash of a random 32-bit integer, cut to 6 characters. */
    public static String newNodeId(Random random) {
        String digits = Integer.toString(hash31(random.nextInt()));
        return digits.length() > 6 ? digits.substring(0, 6) : digits;
    }

    /**
     * The slot a full node hands a join request to:
     * {@code hash31(parseInt(origin[0..6], 16) XOR parseInt(nodeId, 10)) mod maxDegree}.
     *
     * @param origin the joiner's signaling id; its first six characters must be hex digits
     * @param nodeId the delegating node's decimal id
     */
    public static int delegateSlot(String origin, String nodeId, int maxDegree) {
        int prefix = Integer.parseInt(origin.substring(0, 6), 16);
        return hash31(prefix ^ Integer.parseInt(nodeId)) % maxDegree;
    }
}
