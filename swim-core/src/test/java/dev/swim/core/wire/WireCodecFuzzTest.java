package dev.swim.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the decoder with Jazzer. A normal test run replays the saved inputs in
 * {@code WireCodecFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes one method for real. Only
 * {@link DecodeException} may escape the decoder, and whatever it accepts must re-encode to exactly
 * the input bytes.
 */
class WireCodecFuzzTest {
  /** The cluster label of the codec under test; the saved packet inputs carry it. */
  static final String LABEL = "fuzz";

  private static final WireCodec CODEC = new WireCodec(LABEL);

  @FuzzTest(maxDuration = "2m")
  void decodePacket(byte[] data) {
    Message m;
    try {
      m = CODEC.decodePacket(data, 0, data.length);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(CODEC.encodePacket(m)).isEqualTo(data);
  }

  @FuzzTest(maxDuration = "2m")
  void decodeMessage(byte[] data) {
    Message m;
    try {
      m = CODEC.decodeMessage(data, 0, data.length);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(CODEC.encodeMessage(m)).isEqualTo(data);
  }
}
