package dev.swim.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the cluster scenario measures about its own process: CPU time, loopback traffic (from {@code
 * /proc/net/dev}) and the memory held on and off the heap.
 */
final class ProcessProbe {
  private static final Path NET_DEV = Path.of("/proc/net/dev");

  private ProcessProbe() {}

  /** Process CPU time (user + system) in nanoseconds, all threads. */
  static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    throw new IllegalStateException("process CPU time is not available on this JVM");
  }

  /** Loopback transmit counters: {@code {packets, bytes}}, or {@code null} when unreadable. */
  static long[] loopbackTx() {
    try {
      for (String line : Files.readAllLines(NET_DEV)) {
        String t = line.trim();
        if (t.startsWith("lo:")) {
          String[] f = t.substring(3).trim().split("\\s+");
          // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes
          // packets
          return new long[] {Long.parseLong(f[9]), Long.parseLong(f[8])};
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /**
   * The heap live after full collections plus the direct and mapped buffer pools: what the scenario
   * calls the memory held.
   *
   * <p>The heap figure is each heap pool's usage as the last of three {@code System.gc()} calls
   * left it ({@link MemoryPoolMXBean#getCollectionUsage()}), not the current {@code getUsed()}: the
   * current figure also counts every thread's freshly handed-out allocation buffer (TLAB) as used,
   * several MB on a busy process read 100 ms after a collection, which made the held figure of 64
   * members wander by 40 KB per member between runs. Go's {@code HeapAlloc}, which the memberlist
   * harness reads, counts allocated objects only.
   */
  static long heldBytes() {
    for (int i = 0; i < 3; i++) {
      if (i > 0) {
        sleep(100);
      }
      System.gc();
    }
    long used = liveHeapAfterLastCollection();
    List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    for (BufferPoolMXBean p : pools) {
      if (p.getName().equals("direct") || p.getName().equals("mapped")) {
        used += Math.max(0, p.getMemoryUsed());
      }
    }
    return used;
  }

  /**
   * The heap pools' usage right after their last collection (the current usage for a pool that does
   * not report one).
   */
  static long liveHeapAfterLastCollection() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
        continue;
      }
      MemoryUsage after = pool.getCollectionUsage(); // null when no collector manages it
      used += Math.max(0, (after != null ? after : pool.getUsage()).getUsed());
    }
    return used;
  }

  /** The soft limit of open file descriptors, or -1 when unknown. */
  static long maxFileDescriptors() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return -1;
  }

  /** Open file descriptors of this process, or -1 when unknown. */
  static long openFileDescriptors() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getOpenFileDescriptorCount();
    }
    return -1;
  }

  /** The JVM's command-line flags, space separated. */
  static String jvmFlags() {
    return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
