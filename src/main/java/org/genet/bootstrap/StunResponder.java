package org.genet.bootstrap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap server's STUN responder: answers STUN Binding requests (RFC 8489) on a UDP port,
 * the server's own port number, so that a node behind a NAT learns its address outside it from
 * the server it already uses ({@code stun:HOST:PORT}) and needs no third party's STUN server.
 *
 * <p>Bounded against whoever can send it datagrams, forged source addresses included: a rate per
 * source address ({@link AddressRates}, the table of addresses itself bounded) and one for all, an
 * answer never larger than the request plus the mapped address ({@link Stun}), nothing queued
 * when the socket cannot take more, and anything that is not a well-formed Binding request is
 * dropped without an answer. Confined to its channel's event loop.
 */
final class StunResponder extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(StunResponder.class);

    /** Binding requests one address may send a second on average, and at once. */
    static final int PER_ADDRESS_PER_SECOND = 20;
    static final int PER_ADDRESS_BURST = 100;
    /** Addresses remembered for their rate. */
    static final int MAX_ADDRESSES = 10_000;
    /** Requests answered a second from all addresses together. */
    static final int TOTAL_PER_SECOND = 20_000;

    private final AddressRates perAddress;
    private final TokenBucket total;
    private final LogLimiter limited = new LogLimiter(10, TimeUnit.SECONDS);
    private final byte[] scratch = new byte[Stun.MAX_REQUEST];
    final AtomicLong answered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong limitedCount = new AtomicLong();

    StunResponder() {
        this(PER_ADDRESS_PER_SECOND, PER_ADDRESS_BURST, MAX_ADDRESSES, TOTAL_PER_SECOND);
    }

    StunResponder(int perSecond, int burst, int maxAddresses, int totalPerSecond) {
        this.perAddress = new AddressRates(perSecond, burst, maxAddresses);
        this.total = new TokenBucket(totalPerSecond, totalPerSecond, System.nanoTime());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        InetSocketAddress sender = packet.sender();
        if (length < Stun.HEADER || length > Stun.MAX_REQUEST || sender == null || sender.getAddress() == null) {
            dropped.incrementAndGet();
            return;
        }
        long now = System.nanoTime();
        if (!perAddress.take(AddressLimits.keyOf(sender), now) || !total.take(now)) {
            limitedCount.incrementAndGet();
            limited.log("stun-rate", "STUN: dropped requests over the rate from " + AddressLimits.keyOf(sender), log::info);
            return;
        }
        content.getBytes(content.readerIndex(), scratch, 0, length);
        byte[] answer = Stun.answer(scratch, length, sender);
        if (answer == null) {
            dropped.incrementAndGet();
            limited.log("stun-malformed", "STUN: ignored a datagram that is not a Binding request, from "
                    + AddressLimits.keyOf(sender), log::debug);
            return;
        }
        if (!ctx.channel().isWritable()) {
            dropped.incrementAndGet(); // nothing waits: the sender retransmits
            return;
        }
        answered.incrementAndGet();
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender), ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // an ICMP unreachable reported on the socket, say: the port stays open
        limited.log("stun-error", "STUN socket: " + cause, log::debug);
    }
}
