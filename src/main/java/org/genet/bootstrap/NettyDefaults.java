package org.genet.bootstrap;

/**
 * What Genet asks of Netty, set before Netty's first class initialises: each class that starts
 * Netty's event loops ({@link BootstrapServer}; {@code TextSocket.Connector}, on which every socket
 * of a {@link BootstrapClient} and its {@link IceServersClient} runs; {@link StunBenchmark}) calls
 * {@link #apply()} first, in its static initialiser. A property given on the command line wins.
 * <ul>
 *   <li>{@code io.netty.jfr.enabled=false}: Netty's buffer allocators report to Java Flight
 *   Recorder, and JFR rewrites each of those event classes with its bytecode library when it is
 *   first touched, whether anything records or not. A {@code genet node} from launch to its
 *   parent's connection took 1,117 ms and 1,210 ms of CPU with them, 1,020 ms and 1,100 ms without
 *   (medians of 12, the two jars in turns, 2 cores). Nothing of Genet reads those events;
 *   {@code -Dio.netty.jfr.enabled=true} brings them back.</li>
 * </ul>
 */
final class NettyDefaults {
    static final String JFR = "io.netty.jfr.enabled";

    private NettyDefaults() {
    }

    static void apply() {
        if (System.getProperty(JFR) == null) {
            System.setProperty(JFR, "false");
        }
    }
}
