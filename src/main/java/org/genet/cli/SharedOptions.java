package org.genet.cli;

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

    /** {@code --json}: of {@code bench} and {@code simulate}. */
    static final class Json {
        @Option(names = "--json", description = "Prints JSON, one object per line (per round for bench), instead of text.")
        boolean json;
    }
}
