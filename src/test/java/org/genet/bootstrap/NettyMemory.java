package org.genet.bootstrap;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/** The bytes Netty's default allocator holds (heap and direct), for memory assertions. */
final class NettyMemory {
    private NettyMemory() {
    }

    static long used() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metrics) {
            return metrics.metric().usedDirectMemory() + metrics.metric().usedHeapMemory();
        }
        return 0;
    }
}
