package io.sluice.bench;

import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Drops every record, as Flink's {@code DiscardingSink} does, and counts them: each writer keeps
 * a plain count and adds it to {@link #RECORDS} when it closes. The count is read by the program
 * that runs the job on a MiniCluster in its own JVM, to check that a baseline run read everything.
 */
final class CountingDiscardSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Records written by every writer closed since the last {@link #reset}. */
    static final LongAdder RECORDS = new LongAdder();

    static void reset() {
        RECORDS.reset();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private long count;

            @Override
            public void write(T element, Context context) {
                count++;
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {
                RECORDS.add(count);
                count = 0;
            }
        };
    }
}
