package org.genet.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.NetText;
import org.genet.overlay.TreeSnapshot;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.genet.overlay.Wire;
import org.graphstream.graph.Edge;
import org.graphstream.graph.Graph;
import org.graphstream.graph.Node;
import org.graphstream.graph.implementations.SingleGraph;
import org.graphstream.stream.file.FileSinkGEXF;

/**
 * A recording's tree and join requests as files other tools open: GEXF (Gephi), CSV, JSON. Text
 * that came from the network (names, ids, reasons) is written {@link NetText cleaned}: valid XML,
 * and CSV cells a spreadsheet reads as text, never as a formula.
 */
public final class Export {
    private Export() {
    }

    /** The tree as a GraphStream graph: one node per tree node (label, impl, depth), one edge parent to child (slot). */
    public static Graph graph(TreeSnapshot tree) {
        Graph graph = new SingleGraph("genet", false, true);
        for (NodeInfo n : tree.nodes().values()) {
            Node node = graph.addNode(n.id());
            node.setAttribute("label", NetText.xml(n.label()));
            node.setAttribute("impl", NetText.xml(n.impl()));
            node.setAttribute("depth", n.depth());
            node.setAttribute("maxDegree", n.maxDegree());
        }
        for (NodeInfo n : tree.nodes().values()) {
            if (n.parentId() != null && graph.getNode(n.parentId()) != null) {
                Edge e = graph.addEdge(n.parentId() + ">" + n.id(), n.parentId(), n.id(), true);
                e.setAttribute("slot", n.slot());
            }
        }
        return graph;
    }

    public static void gexf(TreeSnapshot tree, Path out) throws IOException {
        FileSinkGEXF sink = new FileSinkGEXF();
        sink.writeAll(graph(tree), out.toString());
    }

    /** The CSV header; one row per join request follows. Ids and names each have columns of their own. */
    public static final String CSV_HEADER = "joiner_id,joiner_name,origin,start_ms,outcome,connect_ms,final_parent_id,"
            + "final_parent_name,depth,hops,path_ids,path_names,path";

    /**
     * One row per join request: its joiner (id, name), when it reached the top (ms from the
     * recording's start), its outcome, time to connect, final parent (id, name), depth and its
     * path: the hops' ids and names from the top, " > " between them, and each hop's decision,
     * hash arithmetic and waits (nodes by id).
     */
    public static void csv(Recording recording, Path out) throws IOException {
        TreeSnapshot tree = recording.finalTree();
        csv(recording.pathsAt(Long.MAX_VALUE), recording::firstSeen, id -> nameIn(tree, id), out);
    }

    /** The same rows for the paths given, {@code start} telling when each origin reached the top. */
    public static void csv(List<JoinPath> paths, java.util.function.ToLongFunction<String> start, Path out) throws IOException {
        csv(paths, start, id -> null, out);
    }

    /** The same, {@code nameOf} giving a node's name (or null) by its id. */
    public static void csv(List<JoinPath> paths, java.util.function.ToLongFunction<String> start,
                           java.util.function.Function<String, String> nameOf, Path out) throws IOException {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(CSV_HEADER);
            w.write('\n');
            for (JoinPath p : paths) {
                java.util.Map<String, String> names = new java.util.HashMap<>();
                for (JoinRecord hop : p.hops()) { // what the records say of the children they handed the request to
                    JoinRecord.Step down = hop.handedDown();
                    if (down != null && down.child() != null && down.childName() != null) {
                        names.put(down.child(), down.childName());
                    }
                }
                java.util.function.Function<String, String> name = id -> {
                    String n = nameOf.apply(id);
                    return n != null ? n : names.getOrDefault(id, "");
                };
                w.write(String.join(",", cell(p.joinerId()), cell(p.joinerName()), cell(p.origin()),
                        Long.toString(start.applyAsLong(p.origin())), p.outcome().label(),
                        p.connectMs() >= 0 ? Long.toString(p.connectMs()) : "", cell(p.finalParent()),
                        cell(p.finalParent() == null ? null : name.apply(p.finalParent())),
                        p.finalParent() != null ? Integer.toString(p.depth()) : "", Integer.toString(p.hops().size()),
                        cell(p.hops().stream().map(JoinRecord::node).collect(Collectors.joining(" > "))),
                        cell(p.hops().stream().map(h -> name.apply(h.node())).collect(Collectors.joining(" > "))),
                        cell(p.hops().stream().map(JoinPath::describe).collect(Collectors.joining(" > ")))));
                w.write('\n');
            }
        }
    }

    private static String nameIn(TreeSnapshot tree, String id) {
        NodeInfo n = tree.node(id);
        return n == null ? null : n.name();
    }

    /** Every join request's path with its hops' whole records, as one JSON array. */
    public static void json(Recording recording, Path out) throws IOException {
        json(recording.pathsAt(Long.MAX_VALUE), recording::firstSeen, out);
    }

    /** The same array for the paths given, {@code start} telling when each origin reached the top. */
    public static void json(List<JoinPath> paths, java.util.function.ToLongFunction<String> start, Path out) throws IOException {
        ArrayNode array = Wire.json().createArrayNode();
        for (JoinPath p : paths) {
            ObjectNode o = array.addObject();
            o.put("joiner", p.joinerLabel());
            if (p.joinerId() != null) {
                o.put("joinerId", p.joinerId());
            }
            o.put("origin", p.origin());
            o.put("start", start.applyAsLong(p.origin()));
            o.put("outcome", p.outcome().label());
            if (p.connectMs() >= 0) {
                o.put("connectMs", p.connectMs());
            }
            if (p.finalParent() != null) {
                o.put("finalParent", p.finalParent());
                o.put("depth", p.depth());
            }
            ArrayNode hops = o.putArray("hops");
            for (JoinRecord hop : p.hops()) {
                ObjectNode h = hop.toJson();
                h.put("text", JoinPath.describe(hop));
                hops.add(h);
            }
        }
        Wire.json().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), array);
    }

    /** A CSV cell (RFC 4180) of text from the network: see {@link NetText#csvCell}. */
    static String cell(String s) {
        return NetText.csvCell(s);
    }
}
