package jp.jukihub.testing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waits for a condition, not for time: asks again, a little less often each time, until the answer
 * is the one wanted or the timeout has passed, then fails naming what did not happen and the last
 * answer. The one place tests may sleep (the architecture rules hold every other test to it).
 */
public final class Eventually {
  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long LONGEST_PAUSE_MILLIS = 200;

  private Eventually() {}

  /** A condition that may need I/O to check. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** One try at an answer (an HTTP call, a query) that may need I/O. */
  @FunctionalInterface
  public interface Attempt<T> {
    T get() throws Exception;
  }

  /** Returns once {@code check} holds; fails when it still does not after {@code timeout}. */
  public static void until(Duration timeout, String what, Condition check) throws Exception {
    poll(timeout, what, check::holds, Boolean::booleanValue, last -> "");
  }

  /**
   * Tries {@code attempt} until {@code done} accepts its answer and returns that answer; fails with
   * the last answer when none was accepted within {@code timeout}.
   */
  public static <T> T until(
      Duration timeout, String what, Attempt<T> attempt, Predicate<? super T> done)
      throws Exception {
    return poll(timeout, what, attempt, done, last -> "; last answer: " + describe(last));
  }

  private static <T> T poll(
      Duration timeout,
      String what,
      Attempt<T> attempt,
      Predicate<? super T> done,
      Function<T, String> lastAnswer)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = FIRST_PAUSE_MILLIS;
    T last = attempt.get();
    while (!done.test(last)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            what + ": not within " + timeout.toMillis() + " ms" + lastAnswer.apply(last));
      }
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
      last = attempt.get();
    }
    return last;
  }

  /** An HTTP answer by its status and body (its own toString names only the request). */
  private static String describe(Object answer) {
    return answer instanceof HttpResponse<?> response
        ? response.statusCode() + " " + response.body()
        : String.valueOf(answer);
  }
}
