package org.genet.overlay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.JoinRecord.Step;

/** Assembles join records into paths: from the top node, each hop's hand-down names the next node. */
public final class JoinPaths {
    private JoinPaths() {
    }

    /**
     * The paths of every origin the top node has a record of, oldest first. A hop whose child left
     * no record ends the path there (its outcome stays {@link Outcome#DELEGATED}).
     */
    public static List<JoinPath> of(String topId, Collection<JoinRecord> records) {
        Map<String, JoinRecord> byKey = new HashMap<>();
        Map<String, JoinRecord> tops = new LinkedHashMap<>();
        for (JoinRecord r : records) {
            byKey.put(r.key(), r);
            if (r.node().equals(topId)) {
                tops.put(r.origin(), r);
            }
        }
        List<JoinPath> paths = new ArrayList<>();
        for (JoinRecord top : tops.values()) {
            paths.add(follow(top, byKey));
        }
        paths.sort(Comparator.comparingLong(JoinPath::firstAt));
        return paths;
    }

    private static JoinPath follow(JoinRecord top, Map<String, JoinRecord> byKey) {
        List<JoinRecord> hops = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JoinRecord hop = top;
        long held = 0;
        while (hop != null && seen.add(hop.node())) {
            hops.add(hop);
            Step down = hop.handedDown();
            if (down == null || hop.becameCandidate() && hop.outcome() != Outcome.DELEGATED) {
                break;
            }
            held += down.atMs();
            hop = byKey.get(down.child() + "/" + top.origin());
        }
        JoinRecord last = hops.get(hops.size() - 1);
        String joinerId = null;
        String joinerName = null;
        for (JoinRecord r : hops) {
            joinerId = r.joinerId() != null ? r.joinerId() : joinerId;
            joinerName = r.joinerName() != null ? r.joinerName() : joinerName;
        }
        long connect = last.outcome() == Outcome.CONNECTED ? held + last.outcomeAfterMs() : -1;
        return new JoinPath(top.origin(), joinerId, joinerName, top.firstAt(), hops, last.outcome(), connect);
    }
}
