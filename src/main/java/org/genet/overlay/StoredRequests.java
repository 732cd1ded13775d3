package org.genet.overlay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Join requests waiting for the child of their slot, first in first out. All the requests of one
 * origin wait in one slot, so that its signals keep their order.
 */
final class StoredRequests {

    record Stored(JoinRequest request, int slot, long expiresAt, Origin origin) {
    }

    /** An origin with stored requests: their slot and how many there are. */
    private static final class Origin {
        final int slot;
        int count;

        Origin(int slot) {
            this.slot = slot;
        }
    }

    private final TreeMap<Integer, ArrayDeque<Stored>> bySlot = new TreeMap<>();
    private final Map<String, Origin> byOrigin = new HashMap<>();
    private int size;
    private long chars;

    void add(JoinRequest request, int slot, long expiresAt) {
        Origin origin = byOrigin.computeIfAbsent(request.origin(), o -> new Origin(slot));
        origin.count++;
        bySlot.computeIfAbsent(slot, s -> new ArrayDeque<>()).addLast(new Stored(request, slot, expiresAt, origin));
        size++;
        chars += request.chars();
    }

    /** How many requests of {@code origin} are stored. */
    int countOf(String origin) {
        Origin entry = byOrigin.get(origin);
        return entry == null ? 0 : entry.count;
    }

    /** The stored requests' frames, in characters. */
    long chars() {
        return chars;
    }

    /** The slot holding earlier requests of {@code origin}, or -1. */
    int slotOf(String origin) {
        Origin entry = byOrigin.get(origin);
        return entry == null ? -1 : entry.slot;
    }

    List<Stored> take(int slot) {
        ArrayDeque<Stored> queue = bySlot.remove(slot);
        if (queue == null) {
            return List.of();
        }
        List<Stored> taken = new ArrayList<>(queue);
        taken.forEach(this::forget);
        return taken;
    }

    List<Stored> takeAll() {
        List<Stored> taken = new ArrayList<>(size);
        bySlot.values().forEach(taken::addAll);
        bySlot.clear();
        byOrigin.clear();
        size = 0;
        chars = 0;
        return taken;
    }

    List<Stored> takeExpired(long now) {
        List<Stored> expired = new ArrayList<>();
        for (Iterator<ArrayDeque<Stored>> it = bySlot.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Stored> queue = it.next();
            queue.removeIf(s -> {
                if (s.expiresAt() > now) {
                    return false;
                }
                forget(s);
                expired.add(s);
                return true;
            });
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        return expired;
    }

    int size() {
        return size;
    }

    SortedMap<Integer, Integer> countBySlot() {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        bySlot.forEach((slot, queue) -> counts.put(slot, queue.size()));
        return Collections.unmodifiableSortedMap(counts);
    }

    private void forget(Stored s) {
        if (--s.origin().count == 0) {
            byOrigin.remove(s.request().origin());
        }
        size--;
        chars -= s.request().chars();
    }
}
