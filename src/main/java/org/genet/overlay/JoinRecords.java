package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.genet.overlay.JoinRecord.Action;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.JoinRecord.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join records of one node (docs/EXTENSIONS.md, {@code joins}): what it did with each join
 * request it handled, built from its events without touching the join algorithm, and the records
 * of its subtree, which its children send up beside their topology reports. At the root this is
 * every recent join request's path through the tree ({@link JoinPaths}). No I/O: it talks through
 * the node's {@link Node#sendExtension} and {@link Node#onExtension}, on the node's scheduler.
 *
 * <p>Bounds: a node keeps its own records of the last {@value #MAX_OWN} origins, and holds at most
 * {@value #MAX_HELD} records of its subtree (its own included). Past a bound, the oldest finished
 * record (connected, delegated, expired, failed or dropped) goes first, then the oldest pending
 * one. A payload carries at most {@value #PER_PAYLOAD} records, and a receiver reads at most
 * {@value #MAX_PER_PAYLOAD} of one payload.
 */
public final class JoinRecords {
    public static final String KIND = "joins";
    public static final int MAX_OWN = 256;
    public static final int MAX_HELD = 4_096;
    public static final int PER_PAYLOAD = 100;
    public static final int MAX_PER_PAYLOAD = 256;

    private static final Logger log = LoggerFactory.getLogger(JoinRecords.class);

    private final Node node;
    private final Map<String, Builder> own = new LinkedHashMap<>();
    private final Map<String, JoinRecord> held = new LinkedHashMap<>();
    private final Set<String> unsent = new LinkedHashSet<>();
    private final List<Consumer<JoinRecord>> listeners = new CopyOnWriteArrayList<>();
    private Function<Channel, String> childId = JoinRecords::defaultChildId;
    /** Whether childId knows joiners that say no hello (the simulator's). */
    private boolean childIdGiven;
    private long delayMs = Node.DEFAULT_REPORT_DELAY_MS;
    private Scheduler.Cancellable flush;
    private long bytesSent;

    private JoinRecords(Node node) {
        this.node = node;
    }

    /** Keeps the join records of {@code node} from now on; call on the node's scheduler thread (or before it runs). */
    public static JoinRecords attach(Node node) {
        JoinRecords records = new JoinRecords(Objects.requireNonNull(node));
        node.addListener(records::onEvent);
        node.onExtension(KIND, records::fromChild);
        return records;
    }

    /** How this node names a child in its records (the simulator, whose nodes say no hello, names them itself). */
    public JoinRecords setChildId(Function<Channel, String> childId) {
        this.childId = Objects.requireNonNull(childId);
        this.childIdGiven = true;
        return this;
    }

    /** How long changes gather before they go to the parent (the report delay by default). */
    public JoinRecords setDelayMs(long delayMs) {
        this.delayMs = delayMs;
        return this;
    }

    /** Called on the node's scheduler with each record that is new or changed, this node's or its subtree's. */
    public void addListener(Consumer<JoinRecord> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** The records this node holds, its own and its subtree's, oldest first. Safe from any thread. */
    public synchronized List<JoinRecord> records() {
        return new ArrayList<>(held.values());
    }

    /** This node's paths of the requests it holds records of: at the root, every recent join request. */
    public List<JoinPath> paths() {
        return JoinPaths.of(node.id(), records());
    }

    public Node node() {
        return node;
    }

    /** Bytes of {@code joins} payloads (their DATA frames) sent to the parent. */
    public synchronized long bytesSent() {
        return bytesSent;
    }

    // ---- this node's own records, from its events ---------------------------------------------

    private static final class Builder {
        final String origin;
        final long firstAt;
        final int maxDegree;
        String joinerId;
        String joinerName;
        final List<Step> steps = new ArrayList<>();
        Outcome outcome;
        long after = -1;
        String reason;

        Builder(String origin, long firstAt, int maxDegree) {
            this.origin = origin;
            this.firstAt = firstAt;
            this.maxDegree = maxDegree;
        }

        JoinRecord build(String node) {
            return new JoinRecord(node, origin, maxDegree, firstAt, joinerId, joinerName, steps,
                    outcome == null ? Outcome.PENDING : outcome, after, reason);
        }
    }

    private void onEvent(NodeEvent event) {
        try {
            if (event instanceof NodeEvent.JoinRequestHandled h) {
                handled(h);
            } else if (event instanceof NodeEvent.RequestExpire e) {
                Builder b = own.get(e.origin());
                if (b != null) {
                    closeWait(b);
                    add(b, new Step(now() - b.firstAt, Action.EXPIRE, e.slot(), e.slot(), null, null,
                            new java.util.TreeMap<>(), true, -1, null), null);
                    finish(b, Outcome.EXPIRED, "waited in slot " + e.slot() + " until the request timed out");
                    changed(b);
                }
            } else if (event instanceof NodeEvent.ChildConnect c) {
                Builder b = own.get(c.channel().id());
                if (b != null) {
                    b.joinerId = c.channel().nodeId() != null || !childIdGiven ? c.channel().nodeId() : childId.apply(c.channel());
                    b.joinerName = c.channel().name();
                    finish(b, Outcome.CONNECTED, null);
                    changed(b);
                }
            } else if (event instanceof NodeEvent.CandidateDrop d) {
                Builder b = own.get(d.candidate().origin());
                if (b != null) {
                    boolean expired = d.reason() != null && d.reason().startsWith("did not connect");
                    finish(b, expired ? Outcome.EXPIRED : Outcome.FAILED, d.reason());
                    changed(b);
                }
            } else if (event instanceof NodeEvent.Hello h) {
                hello(h.channel());
            }
        } catch (RuntimeException e) {
            log.error("node {}: join records failed on {}", node.id(), event.kind(), e);
        }
    }

    private void handled(NodeEvent.JoinRequestHandled h) {
        Builder b = own.get(h.origin());
        if (b == null) {
            b = new Builder(h.origin(), now(), node.maxDegree());
            own.put(h.origin(), b);
            boundOwn();
        }
        if (h.replay()) {
            closeWait(b);
        }
        Action action;
        int hash = -1;
        int slot = h.slot();
        String child = null;
        String childName = null;
        switch (h.decision()) {
            case CANDIDATE -> action = Action.CANDIDATE;
            case SIGNAL_CANDIDATE -> action = Action.SIGNAL_CANDIDATE;
            case STORE -> {
                action = Action.STORE;
                hash = slot;
            }
            case DELEGATE -> {
                hash = hashSlot(h.origin());
                action = Node.redirected(h.reason()) ? Action.REDIRECT : Action.DELEGATE;
                Channel c = node.children().get(slot);
                if (c != null) {
                    child = childId.apply(c);
                    childName = c.name();
                }
            }
            default -> {
                String r = h.reason() == null ? "" : h.reason();
                action = r.contains("late signal") || r.startsWith("no offer") ? Action.LATE : Action.DROP;
                slot = -1;
            }
        }
        long at = now() - b.firstAt;
        add(b, new Step(at, action, hash, slot, child, childName, new java.util.TreeMap<>(), h.replay(),
                -1, h.reason()), h.signal().label());
        switch (action) {
            case CANDIDATE, STORE -> {
                if (b.outcome != Outcome.CONNECTED) {
                    b.outcome = Outcome.PENDING;
                    b.after = -1;
                    b.reason = null;
                }
            }
            case DELEGATE, REDIRECT -> {
                if (b.outcome == null || b.outcome == Outcome.PENDING || b.outcome == Outcome.DROPPED) {
                    finish(b, Outcome.DELEGATED, null);
                }
            }
            case LATE, DROP -> {
                if (b.outcome == null) {
                    finish(b, Outcome.DROPPED, h.reason());
                }
            }
            default -> {
            }
        }
        changed(b);
    }

    /** The slot a delegation starts from: {@code hash31(origin, this node's id) mod maxDegree}. */
    private int hashSlot(String origin) {
        try {
            return Hash31.delegateSlot(origin, node.id(), node.maxDegree());
        } catch (RuntimeException e) {
            return -1; // not a hex origin: the node did not compute a slot either
        }
    }

    /** Adds a step, or counts the signal in the last step when it was handled the same way. */
    private static void add(Builder b, Step step, String signal) {
        if (!b.steps.isEmpty()) {
            Step last = b.steps.get(b.steps.size() - 1);
            boolean same = last.action() == step.action() && last.slot() == step.slot()
                    && Objects.equals(last.child(), step.child()) && last.replay() == step.replay()
                    && last.waitedMs() < 0 && Objects.equals(last.reason(), step.reason());
            if (same || b.steps.size() >= JoinRecord.MAX_STEPS) {
                if (signal != null) {
                    b.steps.set(b.steps.size() - 1, last.withSignal(signal));
                }
                return;
            }
        }
        b.steps.add(signal == null ? step : step.withSignal(signal));
    }

    /** A stored request is handled again (or expires): its wait in the slot ends now. */
    private void closeWait(Builder b) {
        for (int i = b.steps.size() - 1; i >= 0; i--) {
            Step s = b.steps.get(i);
            if (s.action() == Action.STORE && s.waitedMs() < 0) {
                b.steps.set(i, s.withWaited(now() - b.firstAt - s.atMs()));
                return;
            }
        }
    }

    private void finish(Builder b, Outcome outcome, String reason) {
        b.outcome = outcome;
        b.after = now() - b.firstAt;
        b.reason = reason;
    }

    private void hello(Channel channel) {
        if (channel.isParent()) {
            // the parent speaks Genet now (or again): it gets everything held
            synchronized (this) {
                unsent.addAll(held.keySet());
            }
            armFlush();
            return;
        }
        String shortId = EventText.short6(channel.id());
        String nodeId = childId.apply(channel);
        for (Builder b : own.values()) {
            boolean touched = false;
            if (b.origin.equals(channel.id())) {
                b.joinerId = channel.nodeId();
                b.joinerName = channel.name();
                touched = true;
            }
            for (int i = 0; i < b.steps.size(); i++) {
                Step s = b.steps.get(i);
                if (s.child() != null && s.slot() == channel.slot() && (s.child().equals(shortId) || s.child().equals(nodeId))
                        && !(s.child().equals(nodeId) && Objects.equals(s.childName(), channel.name()))) {
                    b.steps.set(i, s.withChild(nodeId, channel.name()));
                    touched = true;
                }
            }
            if (touched) {
                changed(b);
            }
        }
    }

    private void boundOwn() {
        while (own.size() > MAX_OWN) {
            Iterator<Builder> it = own.values().iterator();
            Builder victim = null;
            for (Builder b : own.values()) {
                if (b.outcome != null && b.outcome != Outcome.PENDING) {
                    victim = b;
                    break;
                }
            }
            String origin = victim != null ? victim.origin : it.next().origin;
            own.remove(origin);
            synchronized (this) {
                held.remove(node.id() + "/" + origin);
                unsent.remove(node.id() + "/" + origin);
            }
        }
    }

    private void changed(Builder b) {
        put(b.build(node.id()));
    }

    // ---- the subtree's records: held, sent up, received --------------------------------------

    private void put(JoinRecord record) {
        synchronized (this) {
            held.put(record.key(), record);
            unsent.add(record.key());
            while (held.size() > MAX_HELD) {
                String victim = null;
                for (JoinRecord r : held.values()) {
                    if (r.outcome() != Outcome.PENDING) {
                        victim = r.key();
                        break;
                    }
                }
                if (victim == null) {
                    victim = held.keySet().iterator().next();
                }
                held.remove(victim);
                unsent.remove(victim);
            }
        }
        for (Consumer<JoinRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                log.error("node {}: a join record listener failed", node.id(), e);
            }
        }
        armFlush();
    }

    private void fromChild(Channel channel, JsonNode payload) {
        JsonNode records = payload.path("records");
        if (!records.isArray()) {
            log.debug("node {}: a joins payload from {} has no records array: dropped", node.id(), channel);
            return;
        }
        int read = 0;
        int dropped = 0;
        String why = null;
        for (JsonNode r : records) {
            if (++read > MAX_PER_PAYLOAD) {
                dropped += records.size() - MAX_PER_PAYLOAD;
                why = "more than " + MAX_PER_PAYLOAD + " records in one payload";
                break;
            }
            try {
                JoinRecord record = JoinRecord.fromJson(r);
                if (!ownRecord(channel, record.node())) {
                    // a record under this node's id, or a sibling's, would replace a true one
                    throw new WireException("joins: a record of node " + record.node() + ", not in the child's subtree");
                }
                put(record);
            } catch (WireException e) {
                dropped++;
                why = e.getMessage();
            }
        }
        if (dropped > 0) {
            log.debug("node {}: dropped {} join records from {}: {}", node.id(), dropped, channel, NetText.clean(why));
        }
    }

    /** Whether a child may send records of {@code nodeId}: itself, or a node of the subtree it reported. */
    private boolean ownRecord(Channel child, String nodeId) {
        if (nodeId.equals(node.id())) {
            return false;
        }
        return nodeId.equals(child.nodeId()) || child.reported != null && child.reported.nodes.containsKey(nodeId);
    }

    private void armFlush() {
        if (flush != null || node.isClosed()) {
            return;
        }
        Channel parent = node.parent();
        if (parent == null || !parent.speaksGenet()) {
            return;
        }
        flush = node.scheduler().schedule(delayMs, this::flush);
    }

    private void flush() {
        flush = null;
        Channel parent = node.parent();
        if (parent == null || !parent.speaksGenet() || node.isClosed()) {
            return;
        }
        List<JoinRecord> batch = new ArrayList<>();
        synchronized (this) {
            for (Iterator<String> it = unsent.iterator(); it.hasNext() && batch.size() < PER_PAYLOAD; ) {
                JoinRecord r = held.get(it.next());
                it.remove();
                if (r != null) {
                    batch.add(r);
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        ObjectNode payload = Extensions.payload(KIND);
        ArrayNode array = payload.putArray("records");
        batch.forEach(r -> array.add(r.toJson()));
        if (node.sendExtension(parent, payload)) {
            synchronized (this) {
                bytesSent += Wire.dataFrame(payload).length();
            }
        }
        boolean more;
        synchronized (this) {
            more = !unsent.isEmpty();
        }
        if (more) {
            armFlush();
        }
    }

    private long now() {
        return node.scheduler().now();
    }

    private static String defaultChildId(Channel channel) {
        return channel.nodeId() != null ? channel.nodeId() : EventText.short6(channel.id());
    }
}
