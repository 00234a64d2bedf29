package io.sluice.flink.job;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * Keyed state that removes itself a while after it was last written, without a timer per key:
 * Flink's state TTL, which counts processing time only. Expired entries are never read; RocksDB
 * drops them while compacting, the heap backend as it reads its keys.
 */
public final class ProcessingTimeRetention {
    private ProcessingTimeRetention() {}

    /** State kept for {@code retention} of processing time after each write. */
    public static StateTtlConfig afterWrite(Duration retention) {
        return StateTtlConfig.newBuilder(retention)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupInRocksdbCompactFilter(1000)
                .cleanupIncrementally(10, false)
                .build();
    }
}
