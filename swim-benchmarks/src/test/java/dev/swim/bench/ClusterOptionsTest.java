package dev.swim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void settleAndMeasureDefaultTo30And60Seconds() {
    ClusterOptions o = ClusterOptions.parse(new String[] {"--nodes", "64"});
    assertThat(o.settleMs).isEqualTo(30_000);
    assertThat(o.windowMs).isEqualTo(60_000);
    assertThat(o.membersPerJvm).isEqualTo(250);
    assertThat(o.soakMs).isZero();
    assertThat(o.crashes).isEqualTo(1);
  }

  @Test
  void crashTakesHowManyMembersStopTogether() {
    ClusterOptions o = ClusterOptions.parse(new String[] {"--nodes", "1000", "--crash", "5"});
    assertThat(o.crashes).isEqualTo(5);
    assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--nodes", "4", "--crash", "3"}))
        .hasMessageContaining("--crash");
    assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--crash", "0"}))
        .hasMessageContaining("--crash");
  }

  @Test
  void bareNumbersAreSecondsAndWindowIsAnAliasOfMeasure() {
    ClusterOptions o =
        ClusterOptions.parse(
            new String[] {"--settle", "5", "--window", "7s", "--soak", "1800", "--churn", "10"});
    assertThat(o.settleMs).isEqualTo(5_000);
    assertThat(o.windowMs).isEqualTo(7_000);
    assertThat(o.soakMs).isEqualTo(1_800_000);
    assertThat(o.churnMs).isEqualTo(10_000);
    assertThat(ClusterOptions.parse(new String[] {"--measure", "90"}).windowMs).isEqualTo(90_000);
  }

  @Test
  void badValuesNameTheirFlag() {
    assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--members-per-jvm", "1"}))
        .hasMessageContaining("--members-per-jvm");
    assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--churn", "0"}))
        .hasMessageContaining("--churn");
    assertThatThrownBy(
            () -> ClusterOptions.parse(new String[] {"--impl", "scalecube", "--soak", "60"}))
        .hasMessageContaining("--soak");
    assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--measure", "0"}))
        .hasMessageContaining("--measure");
  }
}
