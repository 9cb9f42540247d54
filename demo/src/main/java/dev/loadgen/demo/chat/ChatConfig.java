package dev.loadgen.demo.chat;

/**
 * The chat service's settings.
 *
 * @param maxRooms rooms kept; making one more drops the oldest (its members are left without it)
 * @param maxMessagesPerRoom history kept per room, oldest first out
 * @param maxMembersPerRoom members a room takes; a join beyond gets an error frame
 * @param maxPendingFrames frames queued for one slow client before it is dropped
 */
public record ChatConfig(int maxRooms, int maxMessagesPerRoom, int maxMembersPerRoom, int maxPendingFrames) {}
