package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 5: the bootstrap client resolves names without blocking its one event loop
 * (Netty's asynchronous resolver instead of the JDK's blocking lookup, which stalled every socket
 * of a client while a name resolved). IP literals and localhost are answered without a query;
 * {@code .local} names go to the system's resolver (here a stand-in), off the event loop. The only
 * name server these tests reach is a silent one of their own on 127.0.0.1, which counts the
 * queries it gets and answers none.
 */
class AsyncDnsTest {

    /** A DNS server on 127.0.0.1 that never answers. */
    static final class SilentNameServer implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger queries = new AtomicInteger();
        private final Thread thread;

        SilentNameServer() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> {
                byte[] buffer = new byte[1500];
                while (!socket.isClosed()) {
                    try {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                        queries.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "silent-dns");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2_000);
        }
    }

    @Test
    void ipLiteralsAndLocalhostResolveWithoutAQuery() throws Exception {
        try (ServerFixture f = new ServerFixture(); SilentNameServer dns = new SilentNameServer()) {
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                BootstrapClient client = new BootstrapClient(URI.create("ws://" + host + ":" + f.port), dns.address());
                try {
                    Recorder root = new Recorder();
                    RootConnection connection = client.openRoot(ServerFixture.SECRET, root, Runnable::run);
                    root.awaitOpen();
                    connection.close();
                    root.nextClose(); // the server lets the root go before the next one comes
                } finally {
                    client.close();
                }
            }
            assertThat(dns.queries.get()).as("DNS queries").isZero();
        }
    }

    @Test
    void aNameThatTakesLongToResolveDoesNotHoldUpTheOtherSocketsOfItsEventLoop() throws Exception {
        try (ServerFixture f = new ServerFixture(); SilentNameServer dns = new SilentNameServer();
             TextSocket.Connector connector = new TextSocket.Connector("dns-test", dns.address())) {
            java.util.concurrent.BlockingQueue<String> slowEvents = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.BlockingQueue<String> fastEvents = new java.util.concurrent.LinkedBlockingQueue<>();
            TextSocket slow = new TextSocket(handler(slowEvents), Runnable::run);
            slow.connect(connector, URI.create("ws://genet-test.invalid:" + f.port + BootstrapServer.JOIN_PATH));
            ServerFixture.await(() -> dns.queries.get() > 0, "the lookup reached the test's name server");
            // one event loop thread serves both sockets: the lookup in flight must not hold it
            long start = System.nanoTime();
            TextSocket fast = new TextSocket(handler(fastEvents), Runnable::run);
            fast.connect(connector, f.uri(BootstrapServer.JOIN_PATH));
            assertThat(fastEvents.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("open");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to open while a lookup hangs").isLessThan(2_000);
            assertThat(slowEvents).as("the socket whose name has not resolved").isEmpty();
            fast.close();
            assertThat(slowEvents.poll(20, java.util.concurrent.TimeUnit.SECONDS)).as("the lookup gave up")
                    .startsWith("closed: ").contains("genet-test.invalid");
        }
    }

    @Test
    void aLocalNameIsLeftToTheSystemsResolverWhichDnsCannotStandIn() throws Exception {
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        // stands in for the system's resolver (multicast DNS through the OS): answers 127.0.0.1
        java.util.function.Function<io.netty.util.concurrent.EventExecutor, io.netty.resolver.AddressResolver<InetSocketAddress>>
                system = executor -> new io.netty.resolver.InetSocketAddressResolver(executor,
                        new io.netty.resolver.SimpleNameResolver<InetAddress>(executor) {
                            @Override
                            protected void doResolve(String host, io.netty.util.concurrent.Promise<InetAddress> promise) {
                                asked.add(host);
                                promise.setSuccess(InetAddress.getLoopbackAddress());
                            }

                            @Override
                            protected void doResolveAll(String host,
                                                        io.netty.util.concurrent.Promise<java.util.List<InetAddress>> promise) {
                                asked.add(host);
                                promise.setSuccess(java.util.List.of(InetAddress.getLoopbackAddress()));
                            }
                        });
        try (ServerFixture f = new ServerFixture(); SilentNameServer dns = new SilentNameServer();
             TextSocket.Connector connector = new TextSocket.Connector("dns-test", dns.address(), system)) {
            java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
            TextSocket socket = new TextSocket(handler(events), Runnable::run);
            socket.connect(connector, URI.create("ws://genet-laptop.local:" + f.port + BootstrapServer.JOIN_PATH));
            assertThat(events.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("open");
            socket.close();
            assertThat(asked).containsExactly("genet-laptop.local");
            assertThat(dns.queries.get()).as("DNS queries").isZero();
        }
    }

    private static TextSocket.Handler handler(java.util.concurrent.BlockingQueue<String> events) {
        return new TextSocket.Handler() {
            @Override
            public void onOpen() {
                events.add("open");
            }

            @Override
            public void onText(String text) {
                events.add("text");
            }

            @Override
            public void onClosed(String reason) {
                events.add("closed: " + reason);
            }
        };
    }
}
