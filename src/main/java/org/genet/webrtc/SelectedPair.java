package org.genet.webrtc;

import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genet.ice.IceConfig;
import org.genet.ice.IceServer;
import org.genet.overlay.CandidatePair;

/**
 * Between our plain values and webrtc-java's types for getting across NATs: the ICE servers a peer
 * connection is given, and the candidate pair it selected, read from its stats. Nothing here waits
 * on anything (it runs on a node's loop).
 */
final class SelectedPair {
    private SelectedPair() {
    }

    /** The ICE servers as webrtc-java takes them. */
    static List<RTCIceServer> iceServers(IceConfig ice) {
        List<RTCIceServer> servers = new ArrayList<>();
        for (IceServer s : ice.servers()) {
            RTCIceServer server = new RTCIceServer();
            server.urls = new ArrayList<>(s.urls());
            server.username = s.username() == null ? "" : s.username();
            server.password = s.credential() == null ? "" : s.credential();
            servers.add(server);
        }
        return servers;
    }

    /**
     * The selected candidate pair of a stats report: the transport's, else the nominated pair that
     * succeeded. A peer-reflexive candidate at a private address is counted as a host candidate:
     * WebRTC learnt it from a check that came before the other side's candidate was signalled.
     */
    static CandidatePair of(RTCStatsReport report) {
        Map<String, RTCStats> stats = report.getStats();
        RTCStats selected = null;
        for (RTCStats s : stats.values()) {
            if (s.getType() == RTCStatsType.TRANSPORT && s.getAttributes().get("selectedCandidatePairId") instanceof String id) {
                selected = stats.get(id);
            }
        }
        if (selected == null) {
            for (RTCStats s : stats.values()) {
                if (s.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(s.getAttributes().get("nominated"))
                        && "succeeded".equals(String.valueOf(s.getAttributes().get("state")))) {
                    selected = s;
                }
            }
        }
        if (selected == null) {
            return null;
        }
        RTCStats local = stats.get(String.valueOf(selected.getAttributes().get("localCandidateId")));
        RTCStats remote = stats.get(String.valueOf(selected.getAttributes().get("remoteCandidateId")));
        Object rtt = selected.getAttributes().get("currentRoundTripTime");
        double rttMs = rtt instanceof Number n ? Math.round(n.doubleValue() * 10_000) / 10.0 : Double.NaN;
        return new CandidatePair(candidateType(local), candidateType(remote), rttMs);
    }

    private static String candidateType(RTCStats candidate) {
        if (candidate == null) {
            return "unknown";
        }
        String type = String.valueOf(candidate.getAttributes().get("candidateType"));
        if ("prflx".equals(type) && isPrivate(String.valueOf(candidate.getAttributes().getOrDefault("address",
                candidate.getAttributes().get("ip"))))) {
            return "host";
        }
        return type;
    }

    /**
     * Whether an address literal is private, link-local or loopback (IPv4 10/8, 172.16/12,
     * 192.168/16, 169.254/16, 127/8; IPv6 fc00::/7, fe80::/10, ::1). Parsed by hand: a name
     * would need a lookup, and nothing here may wait on DNS.
     */
    static boolean isPrivate(String address) {
        String a = address.toLowerCase(java.util.Locale.ROOT);
        if (a.contains(":")) {
            return a.startsWith("fc") || a.startsWith("fd") || a.startsWith("fe8") || a.startsWith("fe9")
                    || a.startsWith("fea") || a.startsWith("feb") || a.equals("::1");
        }
        String[] parts = a.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        try {
            int first = Integer.parseInt(parts[0]);
            int second = Integer.parseInt(parts[1]);
            return first == 10 || first == 127 || (first == 172 && second >= 16 && second < 32)
                    || (first == 192 && second == 168) || (first == 169 && second == 254);
        } catch (NumberFormatException e) {
            return false;
        }
    }

}
