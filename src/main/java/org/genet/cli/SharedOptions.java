package org.genet.cli;

import java.util.ArrayList;
import java.util.List;
import org.genet.ice.IceConfig;
import org.genet.overlay.Node;
import picocli.CommandLine.Option;

/** Options that several commands take alike, each a picocli mixin ({@code @Mixin}), written once. */
final class SharedOptions {
    private SharedOptions() {
    }

    /**
     * {@code --max-degree}: of every command that makes nodes. Its default is the node's
     * ({@link Node#DEFAULT_MAX_DEGREE}) unless the command gives its own ({@code chaos} and
     * {@code bench-view} want deep trees, {@code screenshot} a small fan): picocli takes the value
     * the field holds when it reads the command as the default, and prints it in the help.
     */
    static final class MaxDegree {
        @Option(names = "--max-degree", description = "Children a node accepts, its maxDegree (default ${DEFAULT-VALUE}).")
        int maxDegree;

        MaxDegree() {
            this(Node.DEFAULT_MAX_DEGREE);
        }

        MaxDegree(int byDefault) {
            maxDegree = byDefault;
        }
    }

    /** {@code --json}: of the commands that measure ({@code bench*}, {@code simulate}, {@code chaos}) and {@code discover}. */
    static final class Json {
        @Option(names = "--json", description = "Prints JSON instead of text: one line, one object (bench: one per round; "
                + "chaos: one array, an object per scenario; discover: one array of {name, host, port, nodes, rootConnected, link}).")
        boolean json;
    }

    /** {@code --seed}: of the commands that run the simulator ({@code simulate}, {@code bench-reports --sim}). */
    static final class Seed {
        @Option(names = "--seed", defaultValue = "1",
                description = "The simulator's seed: a seed gives the same run every time (default ${DEFAULT-VALUE}).")
        long seed;
    }

    /**
     * {@code --lan-address}: the interface for DNS-SD ({@code _genet._tcp}), of the app, {@code server}
     * (which announces its tree there) and {@code discover} (which listens there).
     */
    static final class Lan {
        @Option(names = "--lan-address", defaultValue = "${env:GENET_LAN_ADDRESS:-auto}",
                description = "The interface for finding trees on the LAN (DNS-SD, _genet._tcp): auto (default: this "
                    + "machine's LAN address; a server bound to one address uses that one), an interface's address "
                    + "(127.0.0.1 keeps it on this machine), or off. Default from $GENET_LAN_ADDRESS.")
        String address;
    }

    /** {@code --ice-server}, {@code --ice-username}, {@code --ice-credential}: of {@code root}, {@code node} and {@code screenshot}. */
    static final class Ice {
        @Option(names = "--ice-server", paramLabel = "URL",
                description = "A STUN or TURN server for getting across NATs: stun:HOST:PORT, turn:HOST:PORT, turns:HOST:PORT "
                    + "(repeatable). A node adds them to those the bootstrap server hands out (its own STUN, its TURN).")
        List<String> servers = new ArrayList<>();

        @Option(names = "--ice-username", paramLabel = "USER", description = "The username for the turn: servers given with --ice-server.")
        String username;

        @Option(names = "--ice-credential", paramLabel = "CREDENTIAL", description = "The credential (password) for the turn: servers given with --ice-server.")
        String credential;

        /** The servers, checked: an {@link IllegalArgumentException} names a URL that is not one. */
        IceConfig config(boolean relayOnly) {
            return IceConfig.of(servers, username, credential, relayOnly);
        }
    }
}
