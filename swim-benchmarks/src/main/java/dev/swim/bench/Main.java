package dev.swim.bench;

/** Command-line entry point of the benchmarks jar: {@code simulate} and {@code cluster}. */
public final class Main {
  private Main() {}

  /** Dispatches to a command. */
  public static void main(String[] args) throws Exception {
    System.err.println("usage: java -jar swim-benchmarks.jar simulate|cluster [options]");
    System.exit(2);
  }
}
