package bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * REFERENCE, not a candidate: a hand-written HTTP/1.1 keep-alive GET over a blocking java.net.Socket owned by the
 * user's virtual thread (one connection per user, pre-encoded request, Content-Length bodies only, no chunked
 * encoding). It shows the floor that the JVM and virtual threads allow, for comparing the libraries with.
 */
final class RawHttp implements HttpCandidate {
  private final Settings s;
  private final byte[] request;

  RawHttp(Settings s) {
    this.s = s;
    String path = s.url().getRawPath() == null || s.url().getRawPath().isEmpty() ? "/" : s.url().getRawPath();
    if (s.url().getRawQuery() != null) path += "?" + s.url().getRawQuery();
    int port = s.url().getPort() < 0 ? 80 : s.url().getPort();
    request = ("GET " + path + " HTTP/1.1\r\nHost: " + s.url().getHost() + ":" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public User newUser() {
    return new Conn();
  }

  @Override
  public void close() {}

  private final class Conn implements User {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos, lim;

    @Override
    public int get() throws IOException {
      if (socket == null) open();
      try {
        out.write(request);
        return readResponse();
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private void open() throws IOException {
      Socket so = new Socket();
      so.setTcpNoDelay(true);
      int port = s.url().getPort() < 0 ? 80 : s.url().getPort();
      so.connect(new InetSocketAddress(s.url().getHost(), port), (int) s.connectTimeout().toMillis());
      so.setSoTimeout((int) s.requestTimeout().toMillis());
      socket = so;
      in = so.getInputStream();
      out = so.getOutputStream();
      pos = lim = 0;
    }

    /** Status line and headers, then Content-Length bytes of body (read and dropped). */
    private int readResponse() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = 0;
      boolean close = false;
      for (String h; !(h = line()).isEmpty(); ) {
        int c = h.indexOf(':');
        if (c < 0) continue;
        String name = h.substring(0, c).trim();
        if (name.equalsIgnoreCase("content-length")) length = Long.parseLong(h.substring(c + 1).trim());
        else if (name.equalsIgnoreCase("connection") && h.substring(c + 1).trim().equalsIgnoreCase("close")) close = true;
        else if (name.equalsIgnoreCase("transfer-encoding")) throw new IOException("chunked bodies not supported");
      }
      while (length > 0) {
        if (pos == lim) fill();
        int n = (int) Math.min(length, lim - pos);
        pos += n;
        length -= n;
      }
      if (close) close();
      return code;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      while (true) {
        if (pos == lim) fill();
        byte b = buf[pos++];
        if (b == '\n') break;
        if (b != '\r') sb.append((char) b);
      }
      return sb.toString();
    }

    private void fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) throw new EOFException("connection closed by server");
      pos = 0;
      lim = n;
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        socket = null;
      }
    }
  }
}
