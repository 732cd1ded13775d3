package org.genet.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.genet.overlay.TreeSnapshot;

/**
 * Trees made up for measuring and checking the views without a network: {@code n} nodes filled
 * breadth-first with {@code maxDegree} children each (as Genet fills a tree), mixed
 * implementations, some candidates and stored requests, seeded. Not a simulation of joins.
 */
final class SyntheticTree {
    private SyntheticTree() {
    }

    static TreeSnapshot of(int n, int maxDegree, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        List<Integer> parent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("%06x", random.nextInt(1 << 24)) + (i == 0 ? "" : ""));
            parent.add(i == 0 ? -1 : (i - 1) / maxDegree);
            depth.add(i == 0 ? 0 : depth.get((i - 1) / maxDegree) + 1);
        }
        Map<String, TreeSnapshot.NodeInfo> nodes = new LinkedHashMap<>();
        String[] impls = {"java", "java", "browser", "app", "original"};
        for (int i = 0; i < n; i++) {
            SortedMap<Integer, String> children = new TreeMap<>();
            for (int s = 0; s < maxDegree; s++) {
                int c = i * maxDegree + 1 + s;
                if (c < n) {
                    children.put(s, ids.get(c));
                }
            }
            List<String> candidates = children.size() < maxDegree && random.nextInt(20) == 0
                    ? List.of(String.format("%06x", random.nextInt(1 << 24))) : List.of();
            SortedMap<Integer, Integer> stored = new TreeMap<>();
            if (!children.isEmpty() && random.nextInt(10) == 0) {
                stored.put(random.nextInt(children.size()), 1 + random.nextInt(3));
            }
            String impl = i == 0 ? "app" : impls[random.nextInt(impls.length)];
            nodes.put(ids.get(i), new TreeSnapshot.NodeInfo(ids.get(i), i % 3 == 0 ? "node " + i : null, impl, maxDegree,
                    depth.get(i), i == 0 ? null : ids.get(parent.get(i)), i == 0 ? -1 : (i - 1) % maxDegree, children,
                    candidates, stored, i == 0 ? Double.NaN : 2 + random.nextDouble() * 20, !impl.equals("original")));
        }
        return new TreeSnapshot(ids.get(0), nodes);
    }
}
