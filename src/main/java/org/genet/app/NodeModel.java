package org.genet.app;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the window shows of the node: read-only properties and the event log. Only the FX thread
 * changes it, through {@link #apply}; the views observe it and never see the node itself.
 */
public final class NodeModel {

    public enum Role {
        IDLE("not in a tree"), STARTING("starting"), JOINING("joining"), ROOT("root"), MEMBER("in the tree"),
        /** It has its parent, but a node above it lost its own: no way up to the root until that one rejoins. */
        CUT_OFF("cut off from the root"),
        REJOINING("rejoining…");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line of the event log. */
    public record LogEntry(String time, String kind, String text) {
        @Override
        public String toString() {
            return time + "  " + kind + "  " + text;
        }
    }

    /** A change of the node's state, made on its loop and applied on the FX thread. */
    public record Update(Role role, String nodeId, int maxDegree, String connection, Topology topology, LogEntry log) {
    }

    static final int LOG_LIMIT = 5_000;

    private final ReadOnlyObjectWrapper<Role> role = new ReadOnlyObjectWrapper<>(Role.IDLE);
    private final ReadOnlyStringWrapper nodeId = new ReadOnlyStringWrapper("-");
    private final ReadOnlyIntegerWrapper maxDegree = new ReadOnlyIntegerWrapper(10);
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("not connected");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Topology> topology = new ReadOnlyObjectWrapper<>(Topology.empty());
    private final ReadOnlyObjectWrapper<org.genet.overlay.TreeSnapshot> tree =
            new ReadOnlyObjectWrapper<>(org.genet.overlay.TreeSnapshot.empty());
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper bootstrap = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper browserPage = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper ownServer = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper treeName = new ReadOnlyStringWrapper("");
    private final ObservableList<LogEntry> log = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would stop forwarding changes once collected. */
    private final ObservableList<LogEntry> readOnlyLog = FXCollections.unmodifiableObservableList(log);

    void apply(Update update) {
        if (update.role() != null) {
            role.set(update.role());
        }
        if (update.nodeId() != null) {
            nodeId.set(update.nodeId());
        }
        if (update.maxDegree() > 0) {
            maxDegree.set(update.maxDegree());
        }
        if (update.connection() != null) {
            connection.set(update.connection());
        }
        if (update.topology() != null) {
            topology.set(update.topology());
        }
        if (update.log() != null) {
            log(update.log());
        }
    }

    /** The tree this node knows (at the root: the whole tree), as its latest snapshot. */
    void setTree(org.genet.overlay.TreeSnapshot snapshot) {
        tree.set(snapshot);
    }

    void setName(String text) {
        name.set(text == null ? "" : text.strip());
    }

    void log(LogEntry entry) {
        log.add(entry);
        if (log.size() > LOG_LIMIT) {
            log.remove(0, log.size() - LOG_LIMIT);
        }
    }

    void setMessage(String text) {
        message.set(text);
    }

    void setBootstrap(String text) {
        bootstrap.set(text);
    }

    void setBrowserPage(String url) {
        browserPage.set(url);
    }

    void setOwnServer(boolean running) {
        ownServer.set(running);
    }

    /** Whether the bootstrap server this app started runs (demo mode grows its tree while the app is its root). */
    public javafx.beans.property.ReadOnlyBooleanProperty ownServerProperty() {
        return ownServer.getReadOnlyProperty();
    }

    void setTreeName(String name) {
        treeName.set(name == null ? "" : name);
    }

    /** The name of the tree this app is in or runs, as the LAN lists it ("" if none). */
    public ReadOnlyStringProperty treeNameProperty() {
        return treeName.getReadOnlyProperty();
    }

    /** The address of the browser node page on this machine's LAN address, or "". */
    public ReadOnlyStringProperty browserPageProperty() {
        return browserPage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Role> roleProperty() {
        return role.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nodeIdProperty() {
        return nodeId.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty maxDegreeProperty() {
        return maxDegree.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** The last thing the user should know: an error, or what happened to their command. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Topology> topologyProperty() {
        return topology.getReadOnlyProperty();
    }

    /** The tree this node and its subtree report (at the root: the whole tree). */
    public ReadOnlyObjectProperty<org.genet.overlay.TreeSnapshot> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    /** This node's name, or "" if it has none. */
    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** How this node is named everywhere: its name if it has one, else its id. */
    public String selfLabel() {
        return !name.get().isEmpty() ? name.get() : nodeId.get();
    }

    /** The window's title: the node's name or id, and its role, so that two windows can be told apart. */
    public String title() {
        if (role.get() == Role.IDLE && nodeId.get().equals("-")) {
            return name.get().isEmpty() ? "Genet" : "Genet — " + name.get();
        }
        return "Genet — " + selfLabel() + " (" + role.get().label() + ")";
    }

    /** The bootstrap server this app runs, if any, and the address others should use. */
    public ReadOnlyStringProperty bootstrapProperty() {
        return bootstrap.getReadOnlyProperty();
    }

    public ObservableList<LogEntry> log() {
        return readOnlyLog;
    }
}
