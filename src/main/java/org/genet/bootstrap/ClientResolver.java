package org.genet.bootstrap;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultNameResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How the bootstrap client finds a server's address, never on its event loop: Netty's
 * asynchronous DNS resolver (IP literals and the hosts file, localhost among them, answered
 * without a query), and for {@code .local} names, which DNS does not answer (multicast DNS, as a
 * LAN's machines name themselves), the system's resolver on a thread of its own.
 */
final class ClientResolver extends AddressResolverGroup<InetSocketAddress> {
    private final DnsAddressResolverGroup dns;
    private final Function<EventExecutor, AddressResolver<InetSocketAddress>> system;
    private final EventExecutorGroup systemThread;

    ClientResolver(DnsAddressResolverGroup dns) {
        this(dns, new DefaultEventExecutorGroup(1, new DefaultThreadFactory("bootstrap-client-mdns", true)));
    }

    private ClientResolver(DnsAddressResolverGroup dns, EventExecutorGroup systemThread) {
        this(dns, systemThread, executor -> new DefaultNameResolver(systemThread.next()).asAddressResolver());
    }

    /** With {@code system} standing in for the system's resolver (tests). */
    ClientResolver(DnsAddressResolverGroup dns, EventExecutorGroup systemThread,
                   Function<EventExecutor, AddressResolver<InetSocketAddress>> system) {
        this.dns = dns;
        this.systemThread = systemThread;
        this.system = system;
    }

    static boolean isMulticastDnsName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".local") || h.endsWith(".local.");
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        AddressResolver<InetSocketAddress> viaDns = dns.getResolver(executor);
        AddressResolver<InetSocketAddress> viaSystem = system.apply(executor);
        return new AbstractAddressResolver<InetSocketAddress>(executor, InetSocketAddress.class) {
            private AddressResolver<InetSocketAddress> of(InetSocketAddress address) {
                return isMulticastDnsName(address.getHostString()) ? viaSystem : viaDns;
            }

            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return !address.isUnresolved();
            }

            @Override
            protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
                of(unresolved).resolve(unresolved).addListener((Future<InetSocketAddress> f) -> {
                    if (f.isSuccess()) {
                        promise.trySuccess(f.getNow());
                    } else {
                        promise.tryFailure(f.cause());
                    }
                });
            }

            @Override
            protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
                of(unresolved).resolveAll(unresolved).addListener((Future<List<InetSocketAddress>> f) -> {
                    if (f.isSuccess()) {
                        promise.trySuccess(f.getNow());
                    } else {
                        promise.tryFailure(f.cause());
                    }
                });
            }

            @Override
            public void close() {
                viaSystem.close();
            }
        };
    }

    @Override
    public void close() {
        super.close();
        dns.close();
        systemThread.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
