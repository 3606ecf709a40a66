package dev.swim.core.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the saved inputs of {@link WireCodecFuzzTest}: one valid packet and one valid body per
 * message type. Run it from the module directory after a wire format change:
 *
 * <pre>java -cp target/classes:target/test-classes dev.swim.core.wire.WireCodecFuzzSeeds</pre>
 */
final class WireCodecFuzzSeeds {
  private WireCodecFuzzSeeds() {}

  /** Writes the seeds under {@code args[0]}, or the module's test resources by default. */
  public static void main(String[] args) throws IOException {
    Path base =
        Path.of(
            args.length > 0 ? args[0] : "src/test/resources",
            "dev/swim/core/wire/WireCodecFuzzTestInputs");
    Path packets = Files.createDirectories(base.resolve("decodePacket"));
    Path bodies = Files.createDirectories(base.resolve("decodeMessage"));
    WireCodec codec = new WireCodec(WireCodecFuzzTest.LABEL);
    for (Message m : WireSamples.oneOfEach()) {
      String name = "valid-" + m.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      Files.write(packets.resolve(name), codec.encodePacket(m));
      Files.write(bodies.resolve(name), codec.encodeMessage(m));
    }
  }
}
