package dev.loadgen.demo.chat;

import dev.loadgen.demo.shared.FifoMap;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Chat rooms: members and a bounded history each, under one lock. The lock is held only to
 * change membership and history and to copy the member list; frames are sent after it is
 * released, so a broadcast never waits on a socket while holding it.
 */
final class Rooms {
    /** A room's name and member count, as {@code GET /chat/rooms} lists it. */
    record Summary(String room, int members) {}

    /** What a join did. */
    sealed interface Joined {
        record Ok(int members) implements Joined {}

        record Full(int cap) implements Joined {}
    }

    private static final class Room {
        final LinkedHashSet<Member> members = new LinkedHashSet<>();
        final ArrayDeque<ChatMessage> history = new ArrayDeque<>();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final FifoMap<String, Room> rooms;
    private final ChatConfig config;
    private final ServiceMetrics metrics;

    Rooms(ChatConfig config, ServiceMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        rooms = new FifoMap<>(config.maxRooms(), (name, room) -> {
            room.members.forEach(m -> m.rooms().remove(name));
            metrics.evicted("rooms");
        });
    }

    /** Joins, making the room on first join; joining twice is harmless. */
    Joined join(String name, Member m) {
        lock.lock();
        try {
            Room r = rooms.get(name);
            if (r == null) {
                r = new Room();
                rooms.put(name, r);
            }
            if (!r.members.contains(m) && r.members.size() >= config.maxMembersPerRoom()) {
                return new Joined.Full(config.maxMembersPerRoom());
            }
            r.members.add(m);
            m.rooms().add(name);
            return new Joined.Ok(r.members.size());
        } finally {
            lock.unlock();
        }
    }

    void leave(String name, Member m) {
        lock.lock();
        try {
            Room r = rooms.get(name);
            if (r != null) {
                r.members.remove(m);
            }
            m.rooms().remove(name);
        } finally {
            lock.unlock();
        }
    }

    void leaveAll(Member m) {
        lock.lock();
        try {
            for (String name : List.copyOf(m.rooms())) {
                leave(name, m);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stores the message and returns who gets it (all members, the sender included). */
    List<Member> post(ChatMessage msg) {
        lock.lock();
        try {
            Room r = rooms.get(msg.room());
            if (r == null) {
                return List.of();
            }
            r.history.addLast(msg);
            if (r.history.size() > config.maxMessagesPerRoom()) {
                r.history.pollFirst();
                metrics.evicted("messages");
            }
            return List.copyOf(r.members);
        } finally {
            lock.unlock();
        }
    }

    List<Member> members(String name) {
        lock.lock();
        try {
            Room r = rooms.get(name);
            return r == null ? List.of() : List.copyOf(r.members);
        } finally {
            lock.unlock();
        }
    }

    List<Summary> list() {
        lock.lock();
        try {
            List<Summary> out = new ArrayList<>(rooms.size());
            rooms.forEach((name, r) -> out.add(new Summary(name, r.members.size())));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code limit} messages, oldest first; empty when there is no such room. */
    Optional<List<ChatMessage>> history(String name, int limit) {
        lock.lock();
        try {
            Room r = rooms.get(name);
            if (r == null) {
                return Optional.empty();
            }
            List<ChatMessage> all = List.copyOf(r.history);
            return Optional.of(all.subList(Math.max(0, all.size() - limit), all.size()));
        } finally {
            lock.unlock();
        }
    }

    /** Sizes for the storage tests: rooms, and the largest history and membership of any room. */
    Map<String, Integer> sizes() {
        lock.lock();
        try {
            int messages = rooms.values().stream().mapToInt(r -> r.history.size()).max().orElse(0);
            int members = rooms.values().stream().mapToInt(r -> r.members.size()).max().orElse(0);
            return Map.of("rooms", rooms.size(), "messages_per_room", messages, "members_per_room", members);
        } finally {
            lock.unlock();
        }
    }
}
