package dev.swim.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Bytes allocated by the whole process, threads that ended included: what the young generation's
 * allocation space filled, read as the space's occupancy now plus what each collection emptied from
 * it (a GC notification reports the occupancy before and after). Objects allocated straight into
 * the old generation are not counted; the scenario's are small.
 *
 * <p>The notification lags the collection: the JVM delivers it on a thread of its own after the
 * collection has emptied the space, so for a moment the space's occupancy has dropped while what
 * the collection emptied is not added yet, and a read then comes out low by up to the space's size
 * (a count read later includes it again: the counter never loses bytes, but two reads close
 * together can even go backwards). A window whose ends fall just after a collection is affected
 * most; reads right after {@link ProcessProbe#heldBytes()}, which forces full collections, are the
 * typical case.
 */
final class AllocationCounter {
  private static final MemoryPoolMXBean EDEN = eden();
  private static final AtomicLong COLLECTED = new AtomicLong();

  static {
    if (EDEN != null) {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(
              (n, handback) -> {
                if (!n.getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                var info =
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                        .getGcInfo();
                MemoryUsage before = info.getMemoryUsageBeforeGc().get(EDEN.getName());
                MemoryUsage after = info.getMemoryUsageAfterGc().get(EDEN.getName());
                if (before != null && after != null) {
                  COLLECTED.addAndGet(Math.max(0, before.getUsed() - after.getUsed()));
                }
              },
              null,
              null);
        }
      }
    }
  }

  private AllocationCounter() {}

  /** Bytes allocated since this class was loaded (close to process start), or -1 when unknown. */
  static long allocatedBytes() {
    if (EDEN == null) {
      return -1;
    }
    return COLLECTED.get() + EDEN.getUsage().getUsed();
  }

  private static MemoryPoolMXBean eden() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getName().contains("Eden")) {
        return p;
      }
    }
    return null;
  }
}
