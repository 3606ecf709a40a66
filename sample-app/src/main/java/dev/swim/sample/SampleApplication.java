package dev.swim.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web service that is a member of a SWIM cluster through swim-spring-boot-starter. Every
 * {@code swim.*} property and {@code server.port} can be given as a command-line argument ({@code
 * --swim.seeds=127.0.0.1:7946}); application.yml also reads NODE_NAME, HTTP_PORT, GOSSIP_ADDRESS,
 * GOSSIP_PORT, SEEDS and SWIM_PROFILE from the environment.
 */
@SpringBootApplication
public class SampleApplication {

  /**
   * Starts the service.
   *
   * @param args command-line arguments, for example {@code --server.port=8081 --swim.bind-port=7947
   *     --swim.seeds=127.0.0.1:7946}
   */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
