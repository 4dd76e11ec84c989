package jp.jukihub.bench;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;

/**
 * The lookup benchmark's load, for any benchmark that drives identity lookups: {@link LookupMix}'s
 * order (one lookup in ten from the cold list) through wrk, against a hub whose identity cache
 * holds the hot list twice over but a fifth of the nation, warmed with the hot list first, so about
 * nine lookups in ten are cache hits. Each run starts in the cold list where the last one stopped,
 * so no cold number is asked twice (until the list wraps).
 */
final class LookupLoad {
  private static final int WARMING_CONCURRENCY = 16;

  private static final String SCRIPT =
      """
      -- ./hub bench lookup: lookups by My Number (written by LookupLoad; args: thread count, hot
      -- file, cold file, cold offset). Every %1$dth request names a number from the cold list,
      -- taken in turn from the offset; the others cycle through the hot list.
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      wrk.headers["X-Jukihub-Body"] = "%2$s"
      wrk.headers["X-Jukihub-Operator"] = "%3$s"

      local hot, cold = {}, {}
      local prefix, suffix
      local n, h, c = 0, 0, 0
      -- wrk asks thread 0 for one request before the run, to see that it parses, and never sends it.
      local checked = false

      function init(args)
        local template = wrk.format(nil, nil, nil, '%4$s')
        local at = string.find(template, "000000000000", 1, true)
        prefix = string.sub(template, 1, at - 1)
        suffix = string.sub(template, at + 12)
        for number in io.lines(args[2]) do hot[#hot + 1] = prefix .. number .. suffix end
        for number in io.lines(args[3]) do cold[#cold + 1] = number end
        local count = tonumber(args[1])
        h = math.floor(id * #hot / count)
        c = tonumber(args[4]) + math.floor(id * #cold / count)
      end

      function request()
        if not checked then
          checked = true
          if id == 0 then return hot[1] end
        end
        n = n + 1
        if n %% %1$d == 0 then
          c = c + 1
          return prefix .. cold[c %% #cold + 1] .. suffix
        end
        h = h %% #hot + 1
        return hot[h]
      end
      """;

  private final LookupMix mix;
  private final WrkLoad wrk;
  private final Path hotFile;
  private final Path coldFile;
  private long coldOffset;

  private LookupLoad(LookupMix mix, WrkLoad wrk, Path hotFile, Path coldFile) {
    this.mix = mix;
    this.wrk = wrk;
    this.hotFile = hotFile;
    this.coldFile = coldFile;
  }

  /**
   * The mix drawn from {@code database}'s nation of {@code residents} (a tenth of it hot), and its
   * script and number lists written into {@code directory}.
   */
  static LookupLoad prepare(
      DatabaseTarget database,
      int residents,
      long seed,
      Path directory,
      int threads,
      int connections)
      throws Exception {
    LookupMix mix = LookupMix.draw(database, hotCount(residents), seed);
    WrkLoad wrk =
        WrkLoad.write(
            directory.resolve("lookup.lua"),
            String.format(
                SCRIPT,
                LookupMix.COLD_EVERY,
                LookupMix.CALLER,
                LookupMix.OPERATOR,
                LookupMix.body("000000000000")),
            LookupMix.PATH,
            threads,
            connections);
    Path hot = Files.write(directory.resolve("hot.txt"), mix.hot());
    Path cold = Files.write(directory.resolve("cold.txt"), mix.cold());
    return new LookupLoad(mix, wrk, hot, cold);
  }

  static int hotCount(int residents) {
    return residents / 10;
  }

  /** Holds the hot list twice over but a fifth of the nation, so cold numbers miss. */
  static int cacheEntries(int residents) {
    return 2 * hotCount(residents);
  }

  /**
   * A hub's options for the benchmark: its data under {@code dataDirectory}, audit chain {@code
   * instance}, free loopback ports, the identity cache sized for the mix, and no rate limit worth
   * the name (the benchmark measures the routes, not the caller's limit).
   */
  static HubOptions hubOptions(Path dataDirectory, String instance, int residents) {
    return HubConfigLoader.load(
            null,
            Map.of("JUKIHUB_DATA_DIR", dataDirectory.toString(), "JUKIHUB_INSTANCE", instance))
        .withFreeLoopbackPorts()
        .withLimits(
            new LimitOptions(Integer.MAX_VALUE / 4, Map.of(), cacheEntries(residents), 600));
  }

  LookupMix mix() {
    return mix;
  }

  String describeWrk() {
    return wrk.describe();
  }

  /** Where the next run starts in the cold list. */
  long coldOffset() {
    return coldOffset;
  }

  /** Drives the hub at {@code port} for {@code duration}; the next run goes on in the cold list. */
  WrkLoad.Result run(int port, Duration duration) throws IOException, InterruptedException {
    WrkLoad.Result result =
        wrk.run(
            port,
            duration,
            List.of(hotFile.toString(), coldFile.toString(), Long.toString(coldOffset)));
    coldOffset = mix.coldOffsetAfter(coldOffset, result.requests());
    return result;
  }

  /** Drives {@code port} (a server answering anything, e.g. hello world) with the same script. */
  WrkLoad.Result runBaseline(int port, Duration duration) throws IOException, InterruptedException {
    return wrk.run(port, duration, List.of(hotFile.toString(), coldFile.toString(), "0"));
  }

  /** One lookup's answer, to check the hub answers and to give a baseline server the same bytes. */
  Buffer sampleAnswer(int port) throws Exception {
    HttpResponse<byte[]> answer =
        HttpClient.newHttpClient()
            .send(lookup(port, mix.hot().get(0)), HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "the hub answered a lookup with "
              + answer.statusCode()
              + ": "
              + new String(answer.body()));
    }
    return Buffer.buffer(answer.body());
  }

  /**
   * Looks up every hot number once, {@value #WARMING_CONCURRENCY} at a time, so the first run
   * starts with a warm cache.
   */
  void warmCache(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Semaphore inFlight = new Semaphore(WARMING_CONCURRENCY);
    AtomicLong refused = new AtomicLong();
    for (String number : mix.hot()) {
      inFlight.acquire();
      http.sendAsync(lookup(port, number), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (answer, failure) -> {
                if (failure != null || answer.statusCode() != 200) {
                  refused.incrementAndGet();
                }
                inFlight.release();
              });
    }
    inFlight.acquire(WARMING_CONCURRENCY);
    if (refused.get() > 0) {
      throw new IllegalStateException(
          refused.get() + " lookups of the hot list failed while warming the cache");
    }
  }

  private static HttpRequest lookup(int port, String myNumber) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + LookupMix.PATH))
        .header("Content-Type", "application/json")
        .header("X-Jukihub-Body", LookupMix.CALLER)
        .header("X-Jukihub-Operator", LookupMix.OPERATOR)
        .POST(HttpRequest.BodyPublishers.ofString(LookupMix.body(myNumber)))
        .build();
  }
}
