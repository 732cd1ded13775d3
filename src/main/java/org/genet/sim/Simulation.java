package org.genet.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.NodeEvent.Decision;

/**
 * Grows one tree in the simulator: a root, then {@code nodes} joiners arriving all at once or one
 * every {@code intervalMs}, some of them leaving again if churn is asked for. A joiner whose
 * attempt fails tries again, up to {@code maxAttempts} attempts. Same options, same seed: same run.
 */
public final class Simulation {

    /**
     * What to simulate. Joiners arrive all at once ({@code intervalMs} 0) or one every
     * {@code intervalMs}; {@code leaveFraction} of them leave again, each at a random time within
     * {@code leaveWindowMs} of its arrival. Peers trickle their ICE candidates over
     * {@code gatherMs} after their offer or answer.
     */
    public record Options(int nodes, int maxDegree, long seed, long intervalMs, long latencyMs, long jitterMs,
                          long gatherMs, double leaveFraction, long leaveWindowMs, long requestTimeoutMs,
                          int maxAttempts) {
        public Options {
            if (nodes < 0 || maxDegree < 1 || intervalMs < 0 || latencyMs < 0 || jitterMs < 0 || gatherMs < 0
                    || leaveFraction < 0 || leaveFraction > 1 || leaveWindowMs < 0 || requestTimeoutMs <= 0
                    || maxAttempts < 1) {
                throw new IllegalArgumentException("invalid simulation options: " + this);
            }
        }

        public static Options of(int nodes, int maxDegree, long seed) {
            return new Options(nodes, maxDegree, seed, 0, 5, 3, 20, 0, 2_000, Node.DEFAULT_REQUEST_TIMEOUT_MS, 5);
        }

        public Options withInterval(long ms) {
            return timed(ms, latencyMs, jitterMs, gatherMs, leaveFraction, leaveWindowMs, requestTimeoutMs);
        }

        public Options withLatency(long latency, long jitter) {
            return timed(intervalMs, latency, jitter, gatherMs, leaveFraction, leaveWindowMs, requestTimeoutMs);
        }

        public Options withGather(long ms) {
            return timed(intervalMs, latencyMs, jitterMs, ms, leaveFraction, leaveWindowMs, requestTimeoutMs);
        }

        public Options withChurn(double fraction, long windowMs) {
            return timed(intervalMs, latencyMs, jitterMs, gatherMs, fraction, windowMs, requestTimeoutMs);
        }

        public Options withRequestTimeout(long ms) {
            return timed(intervalMs, latencyMs, jitterMs, gatherMs, leaveFraction, leaveWindowMs, ms);
        }

        /** The same tree and seed with other times (and churn): what each {@code with} above changes. */
        private Options timed(long interval, long latency, long jitter, long gather, double leave, long leaveWindow,
                              long timeout) {
            return new Options(nodes, maxDegree, seed, interval, latency, jitter, gather, leave, leaveWindow, timeout,
                    maxAttempts);
        }
    }

    /** One simulated node and what happened to it. */
    public static final class Member {
        final int index;
        final Node node;
        final SimNetwork.Endpoint endpoint;
        long firstJoinAt = -1;
        long joinedAt = -1;
        int attempts;
        boolean gaveUp;
        boolean left;

        Member(int index, Node node, SimNetwork.Endpoint endpoint) {
            this.index = index;
            this.node = node;
            this.endpoint = endpoint;
        }

        public Node node() {
            return node;
        }

        public boolean left() {
            return left;
        }

        /** Virtual ms from the first join attempt to the parent connection, or -1. */
        public long joinMs() {
            return joinedAt < 0 ? -1 : joinedAt - firstJoinAt;
        }

        /** The member this one is connected to as its parent, or null. */
        public Member parent() {
            SimNetwork.SimLink link = endpoint.parentLink();
            return link == null || link.remote() == null ? null : (Member) link.remote().owner();
        }
    }

    private final Options options;
    private final VirtualClock clock = new VirtualClock();
    private final Random random;
    private final SimNetwork network;
    private final List<Member> members = new ArrayList<>();
    private final List<java.util.function.Consumer<Member>> memberListeners = new ArrayList<>();
    private final Map<String, Node> answererOf = new HashMap<>();
    private final int[] decisions = new int[Decision.values().length];
    private long splitOrigins;
    private long overloads;
    private int maxLoad;
    private long lastJoinAt;
    /** Joiners still trying, and departures still to come: the run goes on while either is left. */
    private int pending;
    private int departures;

    public Simulation(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.network = new SimNetwork(clock, random,
                SimNetwork.Timing.of(options.latencyMs(), options.jitterMs(), options.gatherMs()));
    }

    /** Runs the whole simulation, with {@code before} called on it first (recorders attach there), and measures it. */
    public static SimulationResult run(Options options, java.util.function.Consumer<Simulation> before) {
        long start = System.nanoTime();
        Simulation sim = new Simulation(options);
        before.accept(sim);
        sim.grow();
        return SimulationResult.measure(sim, (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs the whole simulation and measures the tree it grew. */
    public static SimulationResult run(Options options) {
        long start = System.nanoTime();
        Simulation sim = new Simulation(options);
        sim.grow();
        return SimulationResult.measure(sim, (System.nanoTime() - start) / 1_000_000);
    }

    /** Starts the root and schedules every arrival and departure, then runs until the tree is done. */
    public void grow() {
        Member root = newMember(0);
        root.node.becomeRoot("secret");
        long firstArrival = 2 * (options.latencyMs() + options.jitterMs()) + 1; // the root socket is open by then
        for (int i = 1; i <= options.nodes(); i++) {
            long arrival = firstArrival + (i - 1) * options.intervalMs();
            int index = i;
            pending++;
            clock.schedule(arrival, () -> arrive(index));
        }
        long deadline = firstArrival + options.nodes() * options.intervalMs()
                + (options.maxAttempts() + 1) * options.requestTimeoutMs() + options.leaveWindowMs();
        while ((pending > 0 || departures > 0) && clock.now() <= deadline && clock.runNext()) {
            // run until every joiner has joined, given up or left
        }
    }

    private void arrive(int index) {
        Member member = newMember(index);
        member.firstJoinAt = clock.now();
        if (random.nextDouble() < options.leaveFraction()) {
            departures++;
            clock.schedule(1 + (long) (random.nextDouble() * options.leaveWindowMs()), () -> leave(member));
        }
        attempt(member);
    }

    private void attempt(Member member) {
        member.attempts++;
        member.node.join();
    }

    private void leave(Member member) {
        departures--;
        if (member.joinedAt < 0 && !member.gaveUp) {
            pending--; // it was still trying
        }
        member.left = true;
        member.node.close();
    }

    private static final org.genet.overlay.NodeBounds SIMULATED = org.genet.overlay.NodeBounds.DEFAULT
            .withStored(Integer.MAX_VALUE, Long.MAX_VALUE).withParentRequests(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private Member newMember(int index) {
        SimNetwork.Endpoint endpoint = network.endpoint();
        Node node = new Node(endpoint, clock, random, options.maxDegree(), options.requestTimeoutMs());
        // The simulator measures the join algorithm; topology reports would cost it 4 times the
        // wall time on large runs, so they stay off here (their own tests: TopologyReportsTest,
        // their cost: bench-reports --sim), and so does each node's snapshot, which nothing reads
        // here (a recording makes its own from the nodes' events).
        node.setExtensions(false);
        node.setTracksTopology(false);
        // Its joiners may all arrive in one virtual millisecond (100,000 at once, say), far more
        // than a real root is ever sent, and no one here is hostile: neither stored requests nor
        // the requests a parent passes on are bounded.
        node.setBounds(SIMULATED);
        endpoint.setGenetLabel(false);
        Member member = new Member(index, node, endpoint);
        endpoint.setOwner(member);
        members.add(member);
        node.addListener(event -> observe(member, event));
        memberListeners.forEach(listener -> listener.accept(member));
        return member;
    }

    private void observe(Member member, NodeEvent event) {
        Node node = member.node;
        if (event instanceof NodeEvent.JoinRequestHandled handled) {
            decisions[handled.decision().ordinal()]++;
            if (handled.decision() == Decision.CANDIDATE || handled.decision() == Decision.SIGNAL_CANDIDATE) {
                Node first = answererOf.putIfAbsent(handled.origin(), node);
                if (first != null && first != node) {
                    splitOrigins++;
                }
            }
        } else if (event instanceof NodeEvent.CandidateCreate || event instanceof NodeEvent.ChildConnect) {
            int load = node.childrenNb() + node.candidatesNb();
            maxLoad = Math.max(maxLoad, load);
            if (load > node.maxDegree()) {
                overloads++;
            }
        } else if (event instanceof NodeEvent.ParentConnect) {
            if (member.joinedAt < 0) {
                member.joinedAt = clock.now();
                lastJoinAt = clock.now();
                pending--;
            }
        } else if (event instanceof NodeEvent.JoinFail && !member.left) {
            if (member.attempts < options.maxAttempts()) {
                clock.schedule(0, () -> {
                    if (!member.left) {
                        attempt(member);
                    }
                });
            } else {
                member.gaveUp = true;
                pending--;
            }
        }
    }

    /** Calls {@code listener} with each member as it is made, before its node starts (recorders use it). */
    public void onMember(java.util.function.Consumer<Member> listener) {
        memberListeners.add(listener);
    }

    public Options options() {
        return options;
    }

    public List<Member> members() {
        return members;
    }

    public VirtualClock clock() {
        return clock;
    }

    public SimNetwork network() {
        return network;
    }

    /** How many join requests ended in each decision, over all nodes. */
    public int decisions(Decision decision) {
        return decisions[decision.ordinal()];
    }

    /** Origins whose signals were answered by more than one node: must stay 0. */
    public long splitOrigins() {
        return splitOrigins;
    }

    /** Times a node held more children plus candidates than its maxDegree: must stay 0. */
    public long overloads() {
        return overloads;
    }

    /** The most children plus candidates any node ever held. */
    public int maxLoad() {
        return maxLoad;
    }

    public long lastJoinAt() {
        return lastJoinAt;
    }

    @Override
    public String toString() {
        return "Simulation" + options + " decisions=" + Arrays.toString(decisions);
    }
}
