package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import jp.jukihub.database.Database;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a hub on an open database and keeps it up until the process is told to stop. */
final class HubRunner {
  private static final Logger log = LoggerFactory.getLogger(HubRunner.class);

  private HubRunner() {}

  static int runUntilStopped(
      HubOptions options,
      Database database,
      boolean devIdentity,
      PrintWriter err,
      Consumer<HubServer> onReady)
      throws InterruptedException {
    if (devIdentity) {
      warnDevIdentity(err);
    }
    HubServer server;
    try {
      server = HubServer.start(options, database.target(), devIdentity);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping: closing listeners, pools and the database");
                  server.close();
                  database.close();
                  stopped.countDown();
                },
                "hub-shutdown"));
    log.info(
        "Juki Hub ready: API on {}://{}:{}{}, ops on http://{}:{}",
        devIdentity ? "http" : "https",
        options.http().host(),
        server.apiPort(),
        devIdentity
            ? ""
            : " (mutual TLS: callers need a body certificate, see hub bodies issue-cert)",
        options.ops().host(),
        server.opsPort());
    onReady.accept(server);
    stopped.await();
    return 0;
  }

  private static void warnDevIdentity(PrintWriter err) {
    String bar = "!".repeat(78);
    err.println(bar);
    err.println("!! DEVELOPMENT IDENTITY IS ON: the X-Jukihub-Body header names the calling body,");
    err.println("!! so anyone who can reach this port can act as any registered body.");
    err.println("!! Allowed on loopback only. Never run a real register like this.");
    err.println(bar);
    err.flush();
  }
}
