package dev.swim.startercost;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application scripts/starter-cost.sh measures: a web app with one endpoint and the actuator,
 * run once with swim-spring-boot-starter on its classpath and once without it. It names no SWIM
 * type, so the same class runs on both classpaths.
 */
@SpringBootApplication
@RestController
public class StarterCostApp {

  /** One trivial endpoint, so the app is a web app like the ones that add the starter. */
  @GetMapping("/hello")
  public String hello() {
    return "hello";
  }

  /**
   * Starts the app.
   *
   * @param args Spring Boot command-line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(StarterCostApp.class, args);
  }
}
