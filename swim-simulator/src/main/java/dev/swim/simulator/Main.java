package dev.swim.simulator;

import java.util.Arrays;

/**
 * {@code java -jar swim-simulator.jar simulate|bounds [options]}: a simulation of a configuration
 * ({@link SimulateCommand}), or its formula bounds ({@link BoundsCommand}).
 */
public final class Main {
  private Main() {}

  /** Runs one command; exits 2 on a bad argument, 1 when an adversarial run broke an invariant. */
  public static void main(String[] args) {
    String command = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    try {
      int status =
          switch (command) {
            case "simulate" -> SimulateCommand.run(rest);
            case "bounds" -> BoundsCommand.run(rest);
            default -> {
              System.err.println(
                  "usage: java -jar swim-simulator.jar simulate [--config application.yml]"
                      + " [--set swim.key=value] --nodes N [options]   (see docs/benchmarks.md)\n"
                      + "       java -jar swim-simulator.jar bounds [--config application.yml]"
                      + " [--set swim.key=value] --nodes N");
              yield 2;
            }
          };
      if (status != 0) {
        System.exit(status);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }
}
