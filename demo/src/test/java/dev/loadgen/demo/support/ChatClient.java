package dev.loadgen.demo.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test WebSocket client (the JDK's): frames arrive in a queue; every wait is bounded. */
public final class ChatClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket ws;

    private ChatClient(WebSocket.Builder builder, URI uri) {
        ws = builder.connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                closeCode.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closeCode.completeExceptionally(error);
            }
        }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code /chat/ws} with the token in the Authorization header. */
    public static ChatClient connect(URI chat, String token) {
        return new ChatClient(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token), ws(chat, ""));
    }

    /** Connects with the token in the query, or none at all. */
    public static ChatClient connectQuery(URI chat, String query) {
        return new ChatClient(HTTP.newWebSocketBuilder(), ws(chat, query));
    }

    public static URI ws(URI chat, String query) {
        return URI.create("ws://" + chat.getHost() + ":" + chat.getPort() + "/chat/ws" + query);
    }

    public void send(Object frame) {
        try {
            ws.sendText(frame instanceof String s ? s : JSON.writeValueAsString(frame), true)
                    .orTimeout(5, TimeUnit.SECONDS).join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame; fails after 5 s without one. */
    public JsonNode next() {
        try {
            String f = frames.poll(5, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame within 5 s");
            }
            return JSON.readTree(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The close code the server sent; fails after 5 s. */
    public int closeCode() {
        return closeCode.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
