package org.gongzhi.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: {@code threads} clients, each sending its next request as soon as the previous one answered, until
 * {@code count} requests are done. Every latency is recorded (wall clock around the whole call, body read); a call that
 * answers wrongly throws, and the load then fails after the others finished — a benchmark fails on a wrong answer, never on
 * a slow one.
 */
final class Load {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

  /** One request: the {@code index}-th of the load, sent by client {@code thread} (0 … threads-1). */
  @FunctionalInterface
  interface Call {
    void run(int thread, int index) throws Exception;
  }

  /** Requests answered, wall time, latencies (µs). Results of several runs add up ({@link #plus}). */
  record Result(int count, double seconds, Histogram micros) {
    double perSecond() {
      return count / seconds;
    }

    double p50() {
      return micros.getValueAtPercentile(50) / 1000.0;
    }

    double p99() {
      return micros.getValueAtPercentile(99) / 1000.0;
    }

    double max() {
      return micros.getMaxValue() / 1000.0;
    }

    Result plus(Result other) {
      Histogram h = micros.copy();
      h.add(other.micros);
      return new Result(count + other.count, seconds + other.seconds, h);
    }

    static Result empty() {
      return new Result(0, 0, new Histogram(MAX_MICROS, 3));
    }
  }

  private Load() {
  }

  static Result run(String name, int threads, int count, Call call) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Histogram h = new Histogram(MAX_MICROS, 3);
      histograms.add(h);
      int thread = t;
      clients.add(new Thread(() -> {
        for (int i = next.getAndIncrement(); i < count && failures.isEmpty(); i = next.getAndIncrement()) {
          long t0 = System.nanoTime();
          try {
            call.run(thread, i);
          } catch (Throwable e) {
            failures.add(e);
            return;
          }
          h.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - t0) / 1_000));
        }
      }, name + "-" + t));
    }
    long start = System.nanoTime();
    clients.forEach(Thread::start);
    for (Thread c : clients) {
      c.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError(name + ": " + failures.size() + " wrong answer(s), first: " + failures.peek().getMessage(),
          failures.peek());
      throw e;
    }
    Histogram all = new Histogram(MAX_MICROS, 3);
    histograms.forEach(all::add);
    return new Result(count, seconds, all);
  }
}
