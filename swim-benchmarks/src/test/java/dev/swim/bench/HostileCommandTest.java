package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.member.NodeAddress;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code hostile} command's argument checks, and a short run against loopback sockets. */
class HostileCommandTest {

  private static HostileOptions parse(String... args) {
    return HostileOptions.parse(args);
  }

  @Test
  void parsesEveryOption() {
    HostileOptions o =
        parse(
            "--target", "10.77.0.1:7946",
            "--label", "prod",
            "--idle-connections", "500",
            "--rate", "200",
            "--duration", "45s",
            "--victims", "node-1, node-2",
            "--bind", "10.77.0.200,10.77.0.201",
            "--spoof", "10.77.0.250");
    assertThat(o.target).isEqualTo(new NodeAddress("10.77.0.1", 7946));
    assertThat(o.label).isEqualTo("prod");
    assertThat(o.idleConnections).isEqualTo(500);
    assertThat(o.rate).isEqualTo(200);
    assertThat(o.durationMs).isEqualTo(45_000);
    assertThat(o.victims).containsExactly("node-1", "node-2");
    assertThat(o.bind).containsExactly("10.77.0.200", "10.77.0.201");
    assertThat(o.spoof).isEqualTo("10.77.0.250");
    assertThat(parse("--target", "[::1]:7946").target).isEqualTo(new NodeAddress("::1", 7946));
  }

  @Test
  void defaults() {
    HostileOptions o = parse("--target", "127.0.0.1:7946");
    assertThat(o.idleConnections).isEqualTo(100);
    assertThat(o.rate).isEqualTo(100);
    assertThat(o.durationMs).isEqualTo(60_000);
    assertThat(o.victims).isEmpty();
    assertThat(o.bind).isEmpty();
    assertThat(o.spoof).isNull();
    assertThat(o.keyEnv).isNull();
  }

  @Test
  void badArgumentsNameTheFlag() {
    assertThatThrownBy(() -> parse()).hasMessageContaining("--target");
    assertThatThrownBy(() -> parse("--target", "10.0.0.1")).hasMessageContaining("--target");
    assertThatThrownBy(() -> parse("--target", "10.0.0.1:0")).hasMessageContaining("--target");
    assertThatThrownBy(() -> parse("--target", "10.0.0.1:x")).hasMessageContaining("--target");
    assertThatThrownBy(() -> parse("--target", "seed.example:7946"))
        .hasMessageContaining("--target");
    assertThatThrownBy(() -> parse("--target", "8.8.8.8:53"))
        .as("never anything that could be another machine on the internet")
        .hasMessageContaining("--target");
    String[] t = {"--target", "127.0.0.1:7946"};
    assertThatThrownBy(() -> parse(with(t, "--idle-connections", "-1")))
        .hasMessageContaining("--idle-connections");
    assertThatThrownBy(() -> parse(with(t, "--rate", "lots"))).hasMessageContaining("--rate");
    assertThatThrownBy(() -> parse(with(t, "--rate", "1000000"))).hasMessageContaining("--rate");
    assertThatThrownBy(() -> parse(with(t, "--duration", "0s"))).hasMessageContaining("--duration");
    assertThatThrownBy(() -> parse(with(t, "--victims", "a,,b"))).hasMessageContaining("--victims");
    assertThatThrownBy(() -> parse(with(t, "--bind", "10.0.0.1,1.1.1.1")))
        .hasMessageContaining("--bind");
    assertThatThrownBy(() -> parse(with(t, "--spoof", "93.184.216.34")))
        .hasMessageContaining("--spoof");
    assertThatThrownBy(() -> parse(with(t, "--label", "x".repeat(256))))
        .hasMessageContaining("--label");
    assertThatThrownBy(() -> parse(with(t, "--key-env", "SWIM_TEST_NO_SUCH_VARIABLE")))
        .hasMessageContaining("--key-env");
    assertThatThrownBy(() -> parse(with(t, "--bogus", "1"))).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> parse(with(t, "--rate"))).hasMessageContaining("--rate");
  }

  @Test
  void attacksALoopbackTargetAndReportsWhatItSent() throws Exception {
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        ServerSocket tcp = new ServerSocket()) {
      tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()), 64);
      Thread acceptor = new Thread(() -> drain(tcp), "test-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      String json =
          run(
              "--target", "127.0.0.1:" + udp.getLocalPort(),
              "--idle-connections", "3",
              "--rate", "200",
              "--duration", "1s",
              "--victims", "node-1");
      assertThat(json)
          .startsWith("{")
          .endsWith("}")
          .contains(
              "\"sealed\":false",
              "\"idle_open_peak\":3",
              "\"push_pulls_sent\":1",
              "\"push_pulls_refused\":1");
      long sent = Long.parseLong(json.replaceAll(".*\"datagrams_sent\":(\\d+).*", "$1"));
      assertThat(sent).isBetween(100L, 260L);
      udp.setSoTimeout(1_000);
      DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
      try {
        udp.receive(p);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no forged datagram arrived", e);
      }
      assertThat(p.getLength()).isPositive();
    }
  }

  /**
   * Accepts connections: reads a request frame whole and closes without an answer (as a member does
   * with one that does not authenticate); reads an idle one until it closes.
   */
  private static void drain(ServerSocket server) {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread t =
          new Thread(
              () -> {
                try (s) {
                  DataInputStream in = new DataInputStream(s.getInputStream());
                  if (in.read() == 1) {
                    in.readNBytes(in.readInt());
                  } else {
                    in.readAllBytes();
                  }
                } catch (IOException e) {
                  // reset by the command as it stops
                }
              },
              "test-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private static String[] with(String[] base, String... more) {
    return java.util.stream.Stream.concat(List.of(base).stream(), List.of(more).stream())
        .toArray(String[]::new);
  }

  private static String run(String... args) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(HostileCommand.run(args)).isZero();
    } finally {
      System.setOut(out);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
    return lines[lines.length - 1];
  }
}
