package io.sluice.flink.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.experiment.JudgeSettings;
import io.sluice.core.judge.Rubric;
import io.sluice.core.json.SluiceJson;
import io.sluice.judge.fingerprint.JudgeFingerprint;
import io.sluice.judge.model.CallFailure;
import io.sluice.judge.model.JudgeCallException;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.prompt.RubricPrompt;
import io.sluice.judge.rubric.RubricJudge;
import io.sluice.judge.rubric.RubricVerdict;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the judge about each sampled trace, within its experiment's budget and capacity, and turns
 * the verdict, or the reason there is none, into a {@link JudgeScore}. Runs inside Flink's async
 * I/O operator ({@code AsyncDataStream.unorderedWait}), whose capacity bounds the traces in flight
 * across experiments; this function then bounds, per experiment, the calls running at once.
 *
 * <p><b>Budget.</b> Before a call, the trace is admitted against its experiment's
 * {@link JudgeBudget}: one judgment per minute and the {@link TokenEstimate} per hour. A trace over
 * budget is skipped at once — no score, no queue — and counted ({@code skippedOverJudgments},
 * {@code skippedOverTokens}). The budget lives in this operator instance: the job routes each
 * experiment's traces to one instance (they are keyed by experiment just before), and checkpoints
 * keep it (union list state, merged conservatively on a rescaled restore). In-flight traces are
 * re-sent on recovery and admitted again, so a failure can only make the job spend less than its
 * budget, never more.
 *
 * <p><b>Calls.</b> The judge-client's {@link RubricJudge} blocks, so calls run on a thread pool made
 * in {@link #open}, never on the task thread. There is one judge per (rubric, model settings), made
 * on first use and shared by every experiment that names it. Each experiment's calls pass a gate of
 * its spec's {@code capacity}; the rest wait their turn in this operator, bounded by the operator's
 * capacity. A call that times out, hits a server error, a rate limit or an unreachable endpoint is
 * retried after a backoff (exponential, with jitter) up to the spec's {@code max_retries}; a refused
 * key or request is not retried. Retries live here rather than in Flink's {@code AsyncRetryStrategy}
 * because the number of retries is the experiment's, which a strategy for the whole operator cannot
 * see, and because a retry must take its turn at the experiment's gate again.
 *
 * <p><b>Failures are scores.</b> When retries are exhausted, when the judge cannot be built (a
 * missing key) or when a reply cannot be read, the trace gets a {@code JudgeScore} with a
 * {@code failure} reason and no score, never a made-up one, and the job flows on. The reason starts
 * with what went wrong: {@code timeout: ...}, {@code server_error: ...}, the judge-client's parse
 * failures ({@code unparseable: ...}, {@code refusal: ...}). Timeouts are counted
 * ({@code judgeTimeouts}): those of a call (the spec's {@code timeout}, enforced by the HTTP client)
 * and, as a last resort, the operator's own ({@code asyncTimeout}, over waiting, every attempt and
 * the backoffs), after which a still running call is abandoned.
 *
 * <p>Scores leave uncalibrated; the next operator stamps the calibration in force.
 */
public final class AsyncJudgeFunction extends RichAsyncFunction<JudgeOrder, JudgeScore>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AsyncJudgeFunction.class);

    static final ListStateDescriptor<BudgetLedger> BUDGETS =
            new ListStateDescriptor<>("judge-budgets", TypeInformation.of(BudgetLedger.class));

    private final JudgeEndpointSettings endpoint;
    private final int maxInFlight;
    private final Duration retryBackoff;
    private final Duration maxRetryBackoff;
    private final Duration asyncTimeout;
    private final Clock clock;

    /** Guarded by itself: admitted on the task thread, settled on the call threads, checkpointed. */
    private transient Map<String, JudgeBudget> budgets;
    private transient ListState<BudgetLedger> ledgers;
    // The following are touched on the task thread only.
    private transient Map<JudgeKey, Judge> judges;
    private transient Map<String, CallGate> gates;
    private transient ObjectMapper mapper;
    /** The calls not yet answered, by the very order object Flink holds; guarded by itself. */
    private transient Map<JudgeOrder, Call> inFlight;
    private transient ThreadPoolExecutor calls;
    private transient ScheduledExecutorService backoffs;

    private transient Counter admitted;
    private transient Counter skippedOverJudgments;
    private transient Counter skippedOverTokens;
    private transient Counter scored;
    private transient Counter failed;
    private transient Counter timeouts;
    private transient Counter callFailures;
    private transient Counter retries;
    private transient Counter tokensReserved;
    private transient Counter tokensUsed;

    /**
     * @param endpoint where the judge is
     * @param maxInFlight the async operator's capacity: the most traces this instance holds at once,
     *     and so the most calls it can have running
     * @param retryBackoff the wait before the first retry; it doubles with each retry
     * @param maxRetryBackoff the longest wait before a retry
     * @param asyncTimeout the async operator's timeout, named in the failure it produces
     * @param clock the wall clock the budgets are kept by, and the time stamped on scores
     */
    public AsyncJudgeFunction(JudgeEndpointSettings endpoint, int maxInFlight, Duration retryBackoff,
            Duration maxRetryBackoff, Duration asyncTimeout, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        this.maxRetryBackoff = Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        this.asyncTimeout = Objects.requireNonNull(asyncTimeout, "asyncTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        ledgers = context.getOperatorStateStore().getUnionListState(BUDGETS);
        budgets = new HashMap<>();
        if (context.isRestored()) {
            for (BudgetLedger ledger : ledgers.get()) {
                JudgeBudget restored = JudgeBudget.restore(ledger);
                JudgeBudget held = budgets.putIfAbsent(ledger.experiment(), restored);
                if (held != null) {
                    held.merge(restored);
                }
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long now = clock.millis();
        List<BudgetLedger> kept = new ArrayList<>();
        synchronized (budgets) {
            budgets.entrySet().removeIf(entry -> entry.getValue().isIdle(now));
            budgets.forEach((experiment, budget) -> kept.add(budget.ledger(experiment)));
        }
        ledgers.update(kept);
    }

    @Override
    public void open(OpenContext openContext) {
        if (budgets == null) {
            budgets = new HashMap<>();
        }
        judges = new HashMap<>();
        gates = new HashMap<>();
        mapper = SluiceJson.create();
        inFlight = Collections.synchronizedMap(new IdentityHashMap<>());
        calls = new ThreadPoolExecutor(maxInFlight, maxInFlight, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("judge-call"));
        calls.allowCoreThreadTimeOut(true);
        backoffs = Executors.newSingleThreadScheduledExecutor(threads("judge-retry"));

        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        admitted = metrics.counter("judgmentsAdmitted", new ThreadSafeSimpleCounter());
        skippedOverJudgments = metrics.counter("skippedOverJudgments", new ThreadSafeSimpleCounter());
        skippedOverTokens = metrics.counter("skippedOverTokens", new ThreadSafeSimpleCounter());
        scored = metrics.counter("judgeScored", new ThreadSafeSimpleCounter());
        failed = metrics.counter("judgeFailed", new ThreadSafeSimpleCounter());
        timeouts = metrics.counter("judgeTimeouts", new ThreadSafeSimpleCounter());
        callFailures = metrics.counter("judgeCallFailures", new ThreadSafeSimpleCounter());
        retries = metrics.counter("judgeRetries", new ThreadSafeSimpleCounter());
        tokensReserved = metrics.counter("judgeTokensReserved", new ThreadSafeSimpleCounter());
        tokensUsed = metrics.counter("judgeTokensUsed", new ThreadSafeSimpleCounter());
        metrics.gauge("judgeCallsInFlight", (Gauge<Integer>) inFlight::size);
    }

    @Override
    public void close() {
        if (backoffs != null) {
            backoffs.shutdownNow();
        }
        if (calls != null) {
            calls.shutdownNow();
        }
    }

    @Override
    public void asyncInvoke(JudgeOrder order, ResultFuture<JudgeScore> result) {
        Trace trace = order.trace();
        JudgeSettings settings = order.judge().settings();
        if (!settings.enabled() || settings.rubric() == null) {
            // The sampling only selects traces of experiments with an enabled judge.
            result.complete(List.of());
            return;
        }
        Judge judge = judgeFor(settings);
        long now = clock.millis();
        long estimate = judge.estimate().of(trace);
        JudgeBudget.Admission admission;
        synchronized (budgets) {
            admission = budgets.computeIfAbsent(trace.experiment(), e -> new JudgeBudget())
                    .admit(now, estimate, settings.judgmentsPerMinute(), settings.tokensPerHour());
        }
        if (admission != JudgeBudget.Admission.ADMITTED) {
            (admission == JudgeBudget.Admission.OVER_JUDGMENTS ? skippedOverJudgments : skippedOverTokens).inc();
            result.complete(List.of());
            return;
        }
        admitted.inc();
        tokensReserved.inc(estimate);
        Call call = new Call(order, settings, judge, estimate, now, result);
        if (judge.unavailable() != null) {
            settle(call, 0);
            call.finish(failure(trace, judge.fingerprint(), judge.unavailable(), 0), Outcome.CALL_FAILED);
            return;
        }
        inFlight.put(order, call);
        CallGate gate = gates.computeIfAbsent(trace.experiment(), e -> new CallGate());
        gate.capacity(settings.capacity());
        call.gate = gate;
        gate.submit(call::attempt);
    }

    /** The operator's own timeout: the call has had all the time it gets. */
    @Override
    public void timeout(JudgeOrder order, ResultFuture<JudgeScore> result) {
        Call call = inFlight.get(order);
        if (call == null) {
            result.complete(List.of());
            return;
        }
        call.finish(failure(order.trace(), call.judge.fingerprint(), CallFailure.TIMEOUT.wireName()
                + ": no verdict within " + asyncTimeout + " (the operator's timeout, over " + call.attempts
                + " attempt(s) and the waits between them)", call.elapsedMillis()), Outcome.TIMED_OUT);
    }

    private Judge judgeFor(JudgeSettings settings) {
        JudgeModelSettings model = endpoint.modelSettings(settings);
        JudgeKey key = new JudgeKey(model, settings.rubric());
        Judge judge = judges.get(key);
        if (judge == null) {
            judge = buildJudge(model, settings.rubric());
            if (judge.unavailable() == null) {
                judges.put(key, judge);
            }
        }
        return judge;
    }

    private static Judge buildJudge(JudgeModelSettings model, Rubric rubric) {
        TokenEstimate estimate = TokenEstimate.forJudge(rubric, model.modelName(), model.maxOutputTokens());
        try {
            RubricJudge judge = RubricJudge.create(model, rubric);
            return new Judge(judge, judge.fingerprint().value(), estimate, null);
        } catch (RuntimeException e) {
            // A missing key or a malformed endpoint: each judgment records it until it is fixed.
            String fingerprint = JudgeFingerprint.of(model, rubric, RubricPrompt.TEMPLATE_VERSION).value();
            LOG.warn("The judge {} on {} cannot be built: {}", model.modelName(), model.baseUrl(), e.getMessage());
            return new Judge(null, fingerprint, estimate, "unavailable: " + e.getMessage());
        }
    }

    /** Replaces a call's reservation with what it used. */
    private void settle(Call call, long used) {
        synchronized (budgets) {
            JudgeBudget budget = budgets.get(call.order.trace().experiment());
            if (budget != null) {
                budget.settle(call.admittedAt, call.reserved, used);
            }
        }
    }

    private JudgeScore failure(Trace trace, String fingerprint, String reason, long latencyMillis) {
        return new JudgeScore(SchemaVersion.CURRENT, trace.requestId(), trace.experiment(), trace.arm(), fingerprint,
                Map.of(), null, null, null, List.of(), reason, latencyMillis, clock.instant());
    }

    private long backoffMillis(int retry) {
        long base = retryBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(Math.max(base, 1), maxRetryBackoff.toMillis());
        // Half fixed, half random: calls that failed together do not all come back together.
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    private void execute(Runnable task) {
        try {
            calls.execute(task);
        } catch (RejectedExecutionException e) {
            // Closing: the operator no longer waits for this trace; a restored job sends it again.
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private enum Outcome { SCORED, VERDICT_FAILED, CALL_FAILED, TIMED_OUT }


    private record JudgeKey(JudgeModelSettings model, Rubric rubric) {}

    /**
     * One judge: the client, its fingerprint, how its calls are estimated; or why it cannot be
     * asked, with the fingerprint its failures are recorded under.
     */
    private record Judge(RubricJudge client, String fingerprint, TokenEstimate estimate, String unavailable) {}

    /** One trace's judgment: its attempts, and the one answer it gives Flink. */
    private final class Call {
        final JudgeOrder order;
        final JudgeSettings settings;
        final Judge judge;
        final long reserved;
        final long admittedAt;
        final ResultFuture<JudgeScore> result;
        final long startedNanos = System.nanoTime();
        final AtomicBoolean done = new AtomicBoolean();
        volatile CallGate gate;
        volatile int attempts;

        Call(JudgeOrder order, JudgeSettings settings, Judge judge, long reserved, long admittedAt,
                ResultFuture<JudgeScore> result) {
            this.order = order;
            this.settings = settings;
            this.judge = judge;
            this.reserved = reserved;
            this.admittedAt = admittedAt;
            this.result = result;
        }

        /** One attempt, on a call thread, holding a place at the experiment's gate. */
        void attempt() {
            if (done.get()) {
                gate.release();
                return;
            }
            attempts++;
            RubricVerdict verdict;
            try {
                verdict = judge.client().grade(order.trace());
            } catch (JudgeCallException e) {
                gate.release();
                if (e.retryable() && attempts <= settings.maxRetries() && !done.get()) {
                    retries.inc();
                    try {
                        backoffs.schedule(() -> gate.submit(this::attempt), backoffMillis(attempts),
                                TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException closing) {
                        // Closing: see execute().
                    }
                    return;
                }
                finish(failure(order.trace(), judge.fingerprint(), e.failure().wireName() + ": gave up after "
                                + attempts + " attempt(s); the last: " + e.getMessage(), elapsedMillis()),
                        e.failure() == CallFailure.TIMEOUT ? Outcome.TIMED_OUT : Outcome.CALL_FAILED);
                return;
            } catch (RuntimeException e) {
                gate.release();
                LOG.warn("Judging request {} failed unexpectedly", order.trace().requestId(), e);
                finish(failure(order.trace(), judge.fingerprint(), "error: " + e, elapsedMillis()),
                        Outcome.CALL_FAILED);
                return;
            }
            gate.release();
            boolean asked = !verdict.latency().isZero() || verdict.tokens().total() > 0;
            long used = verdict.tokens().total();
            if (!asked) {
                settle(this, 0);
            } else if (used > 0) {
                settle(this, used);
                tokensUsed.inc(used);
            }
            finish(verdict.toJudgeScore(order.trace(), clock.instant()),
                    verdict.scored() ? Outcome.SCORED : Outcome.VERDICT_FAILED);
        }

        /** Answers Flink once; a second answer (a call finishing after the operator's timeout) is dropped. */
        void finish(JudgeScore score, Outcome outcome) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            inFlight.remove(order);
            switch (outcome) {
                case SCORED -> scored.inc();
                case VERDICT_FAILED -> failed.inc();
                case CALL_FAILED -> {
                    failed.inc();
                    callFailures.inc();
                }
                case TIMED_OUT -> {
                    failed.inc();
                    timeouts.inc();
                }
            }
            result.complete(List.of(score));
        }

        long elapsedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        }
    }

    /**
     * The calls of one experiment: at most its capacity run at once, the others wait here in
     * arrival order. A retry waits its turn like a new call.
     */
    private final class CallGate {
        private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        private int capacity = 1;
        private int running;

        void capacity(int capacity) {
            List<Runnable> start = new ArrayList<>();
            synchronized (this) {
                this.capacity = Math.max(1, capacity);
                while (running < this.capacity && !waiting.isEmpty()) {
                    running++;
                    start.add(waiting.poll());
                }
            }
            start.forEach(AsyncJudgeFunction.this::execute);
        }

        void submit(Runnable task) {
            synchronized (this) {
                if (running >= capacity) {
                    waiting.add(task);
                    return;
                }
                running++;
            }
            execute(task);
        }

        void release() {
            Runnable next;
            synchronized (this) {
                running--;
                next = waiting.poll();
                if (next != null) {
                    running++;
                }
            }
            if (next != null) {
                execute(next);
            }
        }
    }
}
