package org.genet.natlab;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genet.natlab.NatLab.Nat;
import org.genet.natlab.NatLab.Proc;

/**
 * Join times across each kind of NAT, in the NAT lab (scripts/bench-nat.sh runs it): a root in a
 * cone-NAT home; {@code runs} times a {@code genet node} joins from the same home (direct), from
 * another cone-NAT home (through the server's STUN) and from a symmetric-NAT home (through coturn).
 * A join's time is the node's own, from its join-start to its parent-connect line (the JVM's start
 * is not counted). Prints each kind's median, min and max, then one JSON line.
 */
public final class NatLabBench {
    private NatLabBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, List<Long>> times = new LinkedHashMap<>();
        try (NatLab lab = NatLab.create(Nat.CONE, Nat.CONE, Nat.SYMMETRIC)) {
            lab.coturn("bench-secret");
            lab.server("--ice-server", "turn:" + NatLab.TURN_IP + ":3478", "--turn-secret", "bench-secret");
            Proc root = lab.genet(lab.home(1), "root", "root", "--host", NatLab.SERVER, "--secret", "lab");
            root.await("root-open", 30);
            String[][] kinds = {{"direct", "1", "direct"}, {"stun", "2", "nat"}, {"turn", "3", "relay"}};
            for (int i = 0; i < runs; i++) {
                for (String[] kind : kinds) {
                    String name = kind[0] + "-" + i;
                    Proc node = lab.genet(lab.home(Integer.parseInt(kind[1])), name, "node", "--host", NatLab.SERVER,
                            "--origin", name, "--no-repair");
                    String start = node.await("join-start", 60);
                    String connect = node.await("parent-connect", 60);
                    String link = node.await("link ", 15);
                    if (!link.contains(": " + kind[2] + " (")) {
                        throw new AssertionError(kind[0] + ": expected a " + kind[2] + " link, got " + link);
                    }
                    long ms = millis(connect) - millis(start);
                    times.computeIfAbsent(kind[0], k -> new ArrayList<>()).add(ms);
                    System.out.printf("%-7s run %d: joined in %d ms (%s)%n", kind[0], i + 1, ms, link.substring(link.indexOf("link")).strip());
                    lab.stopAll(name);
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"runs\":" + runs);
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            List<Long> sorted = new ArrayList<>(e.getValue());
            sorted.sort(null);
            long median = sorted.get(sorted.size() / 2);
            System.out.printf("%-7s median %d ms (min %d, max %d) over %d joins%n", e.getKey(), median, sorted.get(0),
                    sorted.get(sorted.size() - 1), sorted.size());
            json.append(",\"").append(e.getKey()).append("MsMedian\":").append(median)
                    .append(",\"").append(e.getKey()).append("Ms\":").append(sorted);
        }
        System.out.println(json.append('}').toString().replace(" ", ""));
    }

    /** The time of day an output line starts with (HH:mm:ss.SSS), in ms. */
    private static long millis(String line) {
        return LocalTime.parse(line.strip().substring(0, 12)).toNanoOfDay() / 1_000_000;
    }
}
