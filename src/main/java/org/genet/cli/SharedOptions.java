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

    /** {@code --max-degree}: of {@code bench}, {@code simulate}, {@code root} and {@code node}. */
    static final class MaxDegree {
        @Option(names = "--max-degree", defaultValue = "" + Node.DEFAULT_MAX_DEGREE,
                description = "Children a node accepts, its maxDegree (default ${DEFAULT-VALUE}).")
        int maxDegree;
    }

    /** {@code --json}: of the commands that measure ({@code bench*}, {@code simulate}). */
    static final class Json {
        @Option(names = "--json", description = "Prints JSON instead of text: one line, one object (bench: one per round).")
        boolean json;
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
