package org.genet.overlay;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Protocol events as text: one line each, the same in the commands' output and the app's log. */
public final class EventText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private EventText() {
    }

    /** A timestamped line: time, kind, detail. */
    public static String line(NodeEvent event) {
        return TIME.format(LocalTime.now()) + "  " + String.format("%-17s", event.kind()) + detail(event);
    }

    /**
     * What happened, without time or kind. Whatever came from the network in it (names, data,
     * reasons) is {@link NetText#clean cleaned}: one line, at most {@value NetText#MAX_SHOWN}
     * characters, nothing a terminal or a log reader would act on.
     */
    public static String detail(NodeEvent event) {
        return NetText.clean(text(event));
    }

    private static String text(NodeEvent event) {
        if (event instanceof NodeEvent.ParentConnect e) {
            return "";
        } else if (event instanceof NodeEvent.ParentError e) {
            return e.reason();
        } else if (event instanceof NodeEvent.ChildConnect e) {
            return channel(e.channel());
        } else if (event instanceof NodeEvent.ChildClose e) {
            return channel(e.channel());
        } else if (event instanceof NodeEvent.ChildError e) {
            return channel(e.channel()) + ": " + e.reason();
        } else if (event instanceof NodeEvent.CandidateCreate e) {
            return short6(e.candidate().origin());
        } else if (event instanceof NodeEvent.CandidateDrop e) {
            return short6(e.candidate().origin()) + ": " + e.reason();
        } else if (event instanceof NodeEvent.JoinRequestHandled e) {
            return short6(e.origin()) + " " + e.signal().label() + " -> " + e.decision().name().toLowerCase().replace('_', '-')
                    + (e.slot() >= 0 ? " slot " + e.slot() : "") + (e.reason() != null ? " (" + e.reason() + ")" : "")
                    + (e.replay() ? " [stored]" : "");
        } else if (event instanceof NodeEvent.RequestExpire e) {
            return short6(e.origin()) + " slot " + e.slot();
        } else if (event instanceof NodeEvent.Data e) {
            return (e.isParent() ? "from parent" : "from " + channel(e.channel())) + ": " + e.data();
        } else if (event instanceof NodeEvent.MessageDrop e) {
            return (e.channel() == null ? "from the server" : "from " + channel(e.channel())) + ": " + e.reason();
        } else if (event instanceof NodeEvent.JoinFail e) {
            return e.reason();
        } else if (event instanceof NodeEvent.RootClose e) {
            return e.reason();
        } else if (event instanceof NodeEvent.Rejoining e) {
            return "attempt " + e.attempt() + " in " + e.delayMs() + " ms" + (e.asRoot() ? ", as the root" : "");
        } else if (event instanceof NodeEvent.Rejoined e) {
            return (e.asRoot() ? "as the root" : "under a new parent") + " after " + e.afterMs() + " ms, "
                    + e.attempts() + (e.attempts() == 1 ? " attempt" : " attempts");
        } else if (event instanceof NodeEvent.PositionChange e) {
            return (e.depth() >= 0 ? "depth " + e.depth() : "depth unknown")
                    + (e.attached() ? "" : ", cut off from the root");
        } else if (event instanceof NodeEvent.Hello e) {
            Channel c = e.channel();
            String who = c.name() != null && c.nodeId() != null ? c.name() + " (" + c.nodeId() + ")" : c.label();
            return (c.isParent() ? "parent" : "child " + c.slot()) + " is " + who
                    + (c.impl() != null ? ", " + c.impl() : "");
        } else if (event instanceof NodeEvent.TopologyChange e) {
            return e.topology().size() + (e.topology().size() == 1 ? " node" : " nodes");
        } else if (event instanceof NodeEvent.Link e) {
            return channel(e.channel()) + ": " + e.pair().describe();
        } else if (event instanceof NodeEvent.MaxDegreeChange e) {
            return Integer.toString(e.maxDegree());
        }
        return "";
    }

    /**
     * "parent", or "child SLOT (LABEL)": the neighbour as it names itself (its name, else its id)
     * once it said hello; an original child by the first characters of its origin.
     */
    public static String channel(Channel channel) {
        if (channel.isParent()) {
            return channel.nodeId() == null ? "parent" : "parent (" + channel.label() + ")";
        }
        return "child " + channel.slot() + " (" + channel.label() + ")";
    }

    /** The first six characters of an origin, as the hash reads it. */
    public static String short6(String origin) {
        return origin == null ? "?" : origin.length() > 6 ? origin.substring(0, 6) : origin;
    }
}
