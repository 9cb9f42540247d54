/**
 * The chat service: rooms over a WebSocket at {@code /chat/ws} (join, leave, typing, message
 * frames), bounded rooms and history, and two read-only HTTP routes. A socket's token is
 * checked with auth's {@code POST /auth/introspect} before the upgrade, so chat depends on
 * auth and needs no JWT secret of its own.
 */
package dev.loadgen.demo.chat;
