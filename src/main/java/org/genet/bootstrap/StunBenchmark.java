package org.genet.bootstrap;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the STUN responder costs per request: it runs on one event loop thread of its own on
 * 127.0.0.1 (with the rates of a real server, or without them to measure the work alone),
 * {@code clients} UDP sockets send Binding requests in a closed loop ({@code window} in flight
 * each) for {@code seconds}, and the responder thread's CPU time (user and system) is divided by
 * the requests it answered.
 */
public final class StunBenchmark {
    static {
        NettyDefaults.apply(); // before any class of Netty's
    }

    private StunBenchmark() {
    }

    public record Result(int clients, double seconds, long sent, long answered, double answersPerSecond,
                         double cpuMicrosPerRequest, double responderCpuShare, boolean rateLimited) {
    }

    public static Result run(int clients, int window, double seconds, boolean rateLimited) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stun-bench", true),
                NioIoHandler.newFactory());
        StunResponder responder = rateLimited ? new StunResponder()
                : new StunResponder(Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2, StunResponder.MAX_ADDRESSES, Integer.MAX_VALUE / 2);
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(responder)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        InetSocketAddress target = (InetSocketAddress) channel.localAddress();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] loopThread = new long[1];
        group.next().submit(() -> loopThread[0] = Thread.currentThread().getId()).sync();
        AtomicLong sent = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpuBefore = threads.getThreadCpuTime(loopThread[0]);
        long answeredBefore = responder.answered.get();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                byte[] txid = new byte[12];
                byte[] buffer = new byte[1500];
                try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    socket.setSoTimeout(200);
                    long n = 0;
                    for (int i = 0; i < window; i++) {
                        send(socket, target, txid, id, n++);
                    }
                    while (System.nanoTime() < end) {
                        try {
                            socket.receive(new DatagramPacket(buffer, buffer.length));
                        } catch (SocketTimeoutException e) {
                            // lost (or limited): keep the window full
                        }
                        send(socket, target, txid, id, n++);
                    }
                    sent.addAndGet(n);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "stun-bench-client-" + c);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = threads.getThreadCpuTime(loopThread[0]) - cpuBefore;
        long answered = responder.answered.get() - answeredBefore;
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        return new Result(clients, elapsed, sent.get(), answered, answered / elapsed,
                answered == 0 ? 0 : cpu / 1e3 / answered, cpu / 1e9 / elapsed, rateLimited);
    }

    private static void send(DatagramSocket socket, InetSocketAddress target, byte[] txid, int client, long n)
            throws java.io.IOException {
        ByteBuffer.wrap(txid).putInt(client).putLong(n);
        byte[] request = Stun.bindingRequest(txid, true);
        socket.send(new DatagramPacket(request, request.length, target));
    }
}
