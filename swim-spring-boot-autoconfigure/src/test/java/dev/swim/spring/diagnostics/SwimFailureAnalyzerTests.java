package dev.swim.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

@ExtendWith(OutputCaptureExtension.class)
class SwimFailureAnalyzerTests {

  @Test
  void isRegisteredAsAFailureAnalyzer() {
    // other analyzers need constructor arguments; only ours matters here
    SpringFactoriesLoader.FailureHandler ignore =
        SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {});
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, ignore))
        .anyMatch(SwimFailureAnalyzer.class::isInstance);
  }

  @Test
  void describesTheFailureAndSuggestsAnAction() {
    FailureAnalysis analysis =
        new SwimFailureAnalyzer()
            .analyze(
                new IllegalStateException(
                    "wrapped",
                    new SwimConfigurationException(
                        "swim.encryption.keys", "swim.encryption.keys[0] is bad", null)));
    assertThat(analysis.getDescription()).contains("swim.encryption.keys[0] is bad");
    assertThat(analysis.getAction()).contains("16, 24 or 32 bytes");
  }

  @Test
  void unknownPropertiesGetAGenericAction() {
    assertThat(SwimFailureAnalyzer.action("swim.gossip-nodes"))
        .contains("Correct swim.gossip-nodes");
  }

  @Test
  void applicationFailsToStartWithTheReport(CapturedOutput output) {
    SpringApplication app =
        new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).build();
    assertThatThrownBy(
            () ->
                app.run(
                    "--swim.bind-address=127.0.0.1",
                    "--swim.bind-port=0",
                    "--swim.probe-timeout=5s"))
        .hasStackTraceContaining("swim.probe-timeout");
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("swim.probe-timeout (5s) must be less than swim.probe-interval (1s)")
        .contains("Set swim.probe-timeout below swim.probe-interval");
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SwimAutoConfiguration.class)
  static class App {}
}
