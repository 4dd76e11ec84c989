package jp.jukihub.bench;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;
import jp.jukihub.gateway.jpki.CertificateIssuer;
import jp.jukihub.gateway.jpki.CertificateStatus;
import jp.jukihub.gateway.jpki.JpkiAuthority;
import jp.jukihub.gateway.jpki.OcspSigner;
import jp.jukihub.gateway.tls.Pem;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * {@code hub bench ocsp}: OCSP answers per second from the hub (the pre-signed path, through the
 * whole pipeline: request id, caller, firewall, rate limit, metering) against the real {@code
 * openssl ocsp} responder ({@code -multi 2}) serving the same RSA CA and the same certificates from
 * an index, and against the bare Vert.x hello world answering as many bytes. All three are driven
 * by the same wrk script (the same DER requests, SHA-1 CertIDs, no nonce), with the same threads
 * and connections, in alternating rounds. openssl listens on every interface, so it runs in a
 * network namespace of its own (loopback only), and wrk joins it there.
 *
 * <p>Targets (from the issue): hub / openssl at least 15; hub / hello at least 0.7.
 */
final class OcspBench {
  static final double TARGET_OVER_OPENSSL = 15;
  static final double TARGET_OVER_HELLO = 0.7;
  private static final int OPENSSL_PORT = 8888;
  private static final String INSTANCE = "bench-ocsp";
  private static final String CALLER = "bank-demo";
  private static final DateTimeFormatter INDEX_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final String SCRIPT =
      """
      -- ./hub bench ocsp (written by OcspBench; args: request file, path). One DER OCSP request per
      -- line, in hex; each thread starts at its own place and cycles through them.
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/ocsp-request"
      wrk.headers["X-Jukihub-Body"] = "%s"
      wrk.headers["X-Jukihub-Operator"] = "bench"

      local requests = {}
      local i = 0

      function init(args)
        for line in io.lines(args[1]) do
          local body = (line:gsub("..", function(cc) return string.char(tonumber(cc, 16)) end))
          requests[#requests + 1] = wrk.format(nil, args[2], nil, body)
        end
        i = (id * 7919) %% #requests
      end

      function request()
        i = i %% #requests + 1
        return requests[i]
      end

      """;

  private final PrintWriter out;
  private final int certificates;
  private final int threads;
  private final int connections;
  private final int rounds;
  private final Duration measure;
  private final Duration warmup;

  OcspBench(
      PrintWriter out,
      int certificates,
      int threads,
      int connections,
      int rounds,
      Duration measure) {
    this.out = out;
    this.certificates = certificates;
    this.threads = threads;
    this.connections = connections;
    this.rounds = rounds;
    this.measure = measure;
    this.warmup = measure.compareTo(Duration.ofSeconds(10)) < 0 ? measure : Duration.ofSeconds(10);
  }

  /** The certificates of the run: serials, and which are revoked (every tenth). */
  private record Issued(
      List<Long> serials, List<Boolean> revoked, List<X509Certificate> certificates) {}

  void run() throws Exception {
    WrkLoad.requireInstalled();
    requireTool("unshare");
    requireTool("nsenter");
    requireTool("ip");
    try (BenchDatabase pg = BenchDatabase.open()) {
      DatabaseTarget database = pg.fresh("ocsp");
      Path scratch = pg.scratch().resolve("ocsp");
      Path data = scratch.resolve("hub");
      Map<JpkiAuthority.Type, JpkiAuthority> authorities =
          jp.jukihub.gateway.jpki.Jpki.authorities(data.resolve("keys"), Clock.systemUTC());
      JpkiAuthority ca = authorities.get(JpkiAuthority.Type.AUTH);
      out.printf(
          "ocsp bench: issuing %,d user-authentication certificates (one in ten revoked) and their OCSP answers...%n",
          certificates);
      out.flush();
      Issued issued = issue(authorities, database);
      Path index = writeIndex(scratch, issued);
      Path requests = writeRequests(scratch, ca, issued);
      Path script =
          Files.writeString(
              scratch.resolve("ocsp.lua"),
              String.format(SCRIPT, CALLER) + WrkLoad.COMMON_LUA,
              StandardCharsets.UTF_8);
      Files.writeString(scratch.resolve("ca.crt"), Pem.certificate(ca.certificate()));
      HubOptions options =
          HubConfigLoader.load(
                  null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", INSTANCE))
              .withFreeLoopbackPorts()
              // The benchmark measures OCSP, not the caller's rate limit.
              .withLimits(new LimitOptions(Integer.MAX_VALUE / 4, Map.of(), 1000, 600));
      OpensslResponder.Launch openssl =
          () -> OpensslResponder.start(scratch, index, data.resolve("keys/jpki-auth-ca.key"));
      // A second node on the same store holding no answer: each one loaded from the store.
      Path coldData = scratch.resolve("hub-holding-none");
      copyKeys(data.resolve("keys"), coldData.resolve("keys"));
      HubOptions holdingNone =
          HubConfigLoader.load(
                  null,
                  Map.of(
                      "JUKIHUB_DATA_DIR",
                      coldData.toString(),
                      "JUKIHUB_INSTANCE",
                      INSTANCE + "-holding-none"))
              .withFreeLoopbackPorts()
              .withLimits(options.limits());
      holdingNone = holdingNone.withJpki(holdingNone.jpki().withOcspAnswerMemoryMegabytes(0));
      try (HubServer hub = HubServer.start(options, database, true, HubServer.DURABLE_AUDIT)) {
        byte[] sample = check(hub.apiPort(), ca, issued, requests);
        try (OpensslResponder first = openssl.start()) {
          first.check(issued);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try (HelloServer hello = HelloServer.start(Buffer.buffer(sample), cores)) {
          out.printf(
              "ocsp bench: POST /v1/jpki/ocsp as %s, %,d different requests (SHA-1 CertID, no nonce), answers of %,d bytes%n",
              CALLER, Math.min(issued.serials().size(), 1000), sample.length);
          out.printf(
              "openssl: openssl ocsp -multi 2 -index (the same certificates) -CA/-rsigner the same RSA-2048 CA, in its own"
                  + " network namespace, started afresh for each run (its processes spin once a client drops connections with"
                  + " requests in flight, as wrk does at the end of a run); hello: bare Vert.x, %d verticles, the same %,d bytes%n",
              cores, sample.length);
          out.printf(
              "load: wrk -t%d -c%d, the same Lua script for all three; %d s warm-up each, then %d alternating rounds of %d s%n",
              threads, connections, warmup.toSeconds(), rounds, measure.toSeconds());
          out.flush();
          compare(hub.apiPort(), hello.port(), openssl, script, requests);
        }
        // Started only now: its background work (lanes, publisher) must not weigh on the above.
        try (HubServer cold =
            HubServer.start(holdingNone, database, true, HubServer.DURABLE_AUDIT)) {
          check(cold.apiPort(), ca, issued, requests);
          compareHoldingNone(hub.apiPort(), cold.apiPort(), script, requests);
        }
      }
    }
  }

  private void compare(
      int hubPort, int helloPort, OpensslResponder.Launch openssl, Path script, Path requests)
      throws Exception {
    Wrk wrk = new Wrk(script, requests, threads, connections);
    wrk.run(List.of(), helloPort, warmup);
    wrk.run(List.of(), hubPort, warmup);
    wrk.against(openssl, warmup);
    List<Double> hello = new ArrayList<>();
    List<Double> hub = new ArrayList<>();
    List<Double> ossl = new ArrayList<>();
    List<Double> overOpenssl = new ArrayList<>();
    List<Double> overHello = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      WrkLoad.Result h = wrk.run(List.of(), helloPort, measure);
      WrkLoad.Result x = wrk.run(List.of(), hubPort, measure);
      WrkLoad.Result o = wrk.against(openssl, measure);
      out.printf(
          "round %d%n  hello    %s%n  hub      %s%n  openssl  %s%n",
          round, h.describe(), x.describe(), o.describe());
      out.flush();
      hello.add(h.perSecond());
      hub.add(x.perSecond());
      ossl.add(o.perSecond());
      overOpenssl.add(x.perSecond() / o.perSecond());
      overHello.add(x.perSecond() / h.perSecond());
    }
    double ratioOpenssl = Median.of(overOpenssl);
    double ratioHello = Median.of(overHello);
    out.printf("%n  hello world      %,9.0f req/s (median)%n", Median.of(hello));
    out.printf("  hub OCSP         %,9.0f req/s (median)%n", Median.of(hub));
    out.printf("  openssl ocsp     %,9.0f req/s (median)%n", Median.of(ossl));
    out.printf(
        "  hub / openssl    %9.1f (median of the rounds' ratios)   target >= %.0f: %s%n",
        ratioOpenssl, TARGET_OVER_OPENSSL, ratioOpenssl >= TARGET_OVER_OPENSSL ? "met" : "NOT met");
    out.printf(
        "  hub / hello      %9.2f (median of the rounds' ratios)   target >= %.1f: %s%n",
        ratioHello, TARGET_OVER_HELLO, ratioHello >= TARGET_OVER_HELLO ? "met" : "NOT met");
    out.flush();
  }

  /**
   * The hub against a second node on the same store that holds no answer, in alternating rounds:
   * what a miss of the held answers costs, each answer then loaded from the store.
   */
  private void compareHoldingNone(int hubPort, int coldPort, Path script, Path requests)
      throws Exception {
    Wrk wrk = new Wrk(script, requests, threads, connections);
    wrk.run(List.of(), coldPort, warmup);
    List<Double> hub = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    List<Double> coldOverHub = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      WrkLoad.Result x = wrk.run(List.of(), hubPort, measure);
      WrkLoad.Result c = wrk.run(List.of(), coldPort, measure);
      out.printf(
          "holding none, round %d%n  hub           %s%n  holding none  %s%n",
          round, x.describe(), c.describe());
      out.flush();
      hub.add(x.perSecond());
      cold.add(c.perSecond());
      coldOverHub.add(c.perSecond() / x.perSecond());
    }
    out.printf(
        "%n  hub OCSP          %,9.0f req/s (median, beside the node below)%n", Median.of(hub));
    out.printf(
        "  hub holding none  %,9.0f req/s (median; every answer loaded from the store)%n",
        Median.of(cold));
    out.printf(
        "  holding none / hub %8.2f (median of the rounds' ratios: what a miss of the held answers"
            + " costs)%n",
        Median.of(coldOverHub));
    out.flush();
  }

  /**
   * Issues the certificates straight into the store (one shared key: key generation is not what is
   * measured).
   */
  private Issued issue(Map<JpkiAuthority.Type, JpkiAuthority> authorities, DatabaseTarget database)
      throws Exception {
    CertificateIssuer issuer =
        new CertificateIssuer(
            authorities.get(JpkiAuthority.Type.SIGN),
            authorities.get(JpkiAuthority.Type.AUTH),
            "http://127.0.0.1:8080");
    OcspSigner signer = new OcspSigner(authorities.get(JpkiAuthority.Type.AUTH));
    SplittableRandom random = new SplittableRandom(20_161_001L);
    KeyPair key = jp.jukihub.gateway.jpki.JpkiKeys.generate();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.plus(Duration.ofDays(1500));
    List<Long> serials = new ArrayList<>();
    List<Boolean> revoked = new ArrayList<>();
    List<X509Certificate> issued = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO jpki.certificate (serial, type, shard, person_id, person_version, lg_code, not_before, not_after,"
                    + " ocsp_response, ocsp_signed_at, revoked_at, reason, revocation_seq, answered_seq)"
                    + " VALUES (?, 'auth', 0, ?, 1, '131016', ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN nextval('jpki.revocation_seq') END,"
                    + " CASE WHEN ? THEN currval('jpki.revocation_seq') END)")) {
      for (int i = 0; i < certificates; i++) {
        long serial = random.nextLong(1, Long.MAX_VALUE);
        boolean isRevoked = i % 10 == 9;
        X509Certificate certificate =
            issuer.issue(
                JpkiAuthority.Type.AUTH,
                key.getPublic(),
                null,
                BigInteger.valueOf(serial),
                0,
                now,
                notAfter);
        CertificateStatus status =
            isRevoked ? CertificateStatus.revoked(now, 1) : CertificateStatus.good();
        byte[] answer = signer.presign(serial, status, now, now.plus(Duration.ofHours(96)));
        insert.setLong(1, serial);
        insert.setLong(2, i + 1);
        insert.setTimestamp(3, Timestamp.from(now));
        insert.setTimestamp(4, Timestamp.from(notAfter));
        insert.setBytes(5, answer);
        insert.setTimestamp(6, Timestamp.from(now));
        insert.setTimestamp(7, isRevoked ? Timestamp.from(now) : null);
        insert.setObject(8, isRevoked ? (short) 1 : null);
        insert.setBoolean(9, isRevoked);
        insert.setBoolean(10, isRevoked); // its answer, signed above, already states the revocation
        insert.addBatch();
        serials.add(serial);
        revoked.add(isRevoked);
        issued.add(certificate);
      }
      insert.executeBatch();
    }
    return new Issued(serials, revoked, issued);
  }

  /**
   * openssl ca's index: V or R, expiry, revocation time and reason, serial (even-length upper hex),
   * file, subject.
   */
  private static Path writeIndex(Path directory, Issued issued) throws IOException {
    Files.createDirectories(directory);
    StringBuilder index = new StringBuilder();
    for (int i = 0; i < issued.serials().size(); i++) {
      X509Certificate certificate = issued.certificates().get(i);
      String expiry = INDEX_TIME.format(certificate.getNotAfter().toInstant());
      String revocation =
          issued.revoked().get(i)
              ? INDEX_TIME.format(certificate.getNotBefore().toInstant()) + ",keyCompromise"
              : "";
      index
          .append(issued.revoked().get(i) ? 'R' : 'V')
          .append('\t')
          .append(expiry)
          .append('\t')
          .append(revocation)
          .append('\t')
          .append(opensslSerial(issued.serials().get(i)))
          .append("\tunknown\t/C=JP/O=JPKI (Juki Hub)/CN=")
          .append(Long.toHexString(issued.serials().get(i)).toUpperCase())
          .append('\n');
    }
    Path file = directory.resolve("index.txt");
    Files.writeString(file, index.toString());
    Files.writeString(directory.resolve("index.txt.attr"), "unique_subject = no\n");
    return file;
  }

  private static String opensslSerial(long serial) {
    String hex = Long.toHexString(serial).toUpperCase();
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }

  /**
   * Up to 1,000 requests, one per line in hex, as `openssl ocsp` writes them (SHA-1 CertID with
   * NULL parameters, no nonce).
   */
  private static Path writeRequests(Path directory, JpkiAuthority ca, Issued issued)
      throws Exception {
    JcaX509CertificateHolder issuer = new JcaX509CertificateHolder(ca.certificate());
    var sha1 = new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < Math.min(issued.serials().size(), 1000); i++) {
      CertificateID id =
          new CertificateID(sha1, issuer, BigInteger.valueOf(issued.serials().get(i)));
      lines
          .append(
              HexFormat.of().formatHex(new OCSPReqBuilder().addRequest(id).build().getEncoded()))
          .append('\n');
    }
    return Files.writeString(directory.resolve("requests.hex"), lines.toString());
  }

  /**
   * Sends every request once to the hub and checks each answer's status; returns one answer (the
   * baseline's size).
   */
  private static byte[] check(int port, JpkiAuthority ca, Issued issued, Path requests)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> lines = Files.readAllLines(requests);
    byte[] sample = null;
    for (int i = 0; i < lines.size(); i++) {
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jpki/ocsp"))
                  .header("Content-Type", "application/ocsp-request")
                  .header("X-Jukihub-Body", CALLER)
                  .header("X-Jukihub-Operator", "bench")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(HexFormat.of().parseHex(lines.get(i))))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(answer.body()).getResponseObject();
      Object status = basic == null ? "no answer" : basic.getResponses()[0].getCertStatus();
      boolean revoked = status instanceof RevokedStatus;
      if (basic == null || revoked != issued.revoked().get(i) || (!revoked && status != null)) {
        throw new IllegalStateException("the hub answered request " + i + " wrongly: " + status);
      }
      sample = answer.body();
    }
    return sample;
  }

  private static void copyKeys(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var keys = Files.list(from)) {
      for (Path key : (Iterable<Path>) keys::iterator) {
        Files.copy(key, to.resolve(key.getFileName()));
      }
    }
  }

  private static void requireTool(String name) {
    for (String directory :
        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
        return;
      }
    }
    throw new IllegalStateException(
        "the OCSP benchmark needs " + name + " (util-linux, iproute2) and root");
  }

  /** wrk with the OCSP script, optionally inside another network namespace. */
  private record Wrk(Path script, Path requests, int threads, int connections) {
    /** A run against a fresh openssl responder, stopped after it. */
    WrkLoad.Result against(OpensslResponder.Launch openssl, Duration duration) throws Exception {
      try (OpensslResponder responder = openssl.start()) {
        return run(responder.enter(), OPENSSL_PORT, duration);
      }
    }

    WrkLoad.Result run(List<String> prefix, int port, Duration duration)
        throws IOException, InterruptedException {
      return WrkLoad.run(
          prefix,
          script,
          "http://127.0.0.1:" + port + "/v1/jpki/ocsp",
          threads,
          connections,
          duration,
          List.of(requests.toString(), "/v1/jpki/ocsp"));
    }
  }

  /** The real openssl OCSP responder, in a network namespace of its own with only loopback up. */
  private record OpensslResponder(Process process, String caFile) implements AutoCloseable {
    /** Starts one. */
    interface Launch {
      OpensslResponder start() throws Exception;
    }

    static OpensslResponder start(Path directory, Path index, Path caKey) throws Exception {
      Process process =
          new ProcessBuilder(
                  "unshare",
                  "-n",
                  "sh",
                  "-c",
                  "ip link set lo up && exec openssl ocsp -index \"$1\" -CA \"$2\" -rsigner \"$2\" -rkey \"$3\" -port "
                      + OPENSSL_PORT
                      + " -multi 2 -nmin 60",
                  "sh",
                  index.toString(),
                  directory.resolve("ca.crt").toString(),
                  caKey.toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("openssl-ocsp.log").toFile())
              .start();
      OpensslResponder responder =
          new OpensslResponder(process, directory.resolve("ca.crt").toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        // A whole OCSP exchange, not a bare connect: a connection closed without a request leaves
        // one
        // of openssl's processes spinning.
        List<String> probe = new ArrayList<>(responder.enter());
        probe.addAll(
            List.of(
                "openssl",
                "ocsp",
                "-issuer",
                responder.caFile(),
                "-serial",
                "1",
                "-no_nonce",
                "-noverify",
                "-url",
                "http://127.0.0.1:" + OPENSSL_PORT));
        Process client =
            new ProcessBuilder(probe)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (client.waitFor(10, TimeUnit.SECONDS) && client.exitValue() == 0) {
          return responder;
        }
        if (!process.isAlive() || System.nanoTime() > deadline) {
          responder.close();
          throw new IllegalStateException(
              "openssl ocsp did not start: "
                  + Files.readString(directory.resolve("openssl-ocsp.log")));
        }
        Thread.sleep(100);
      }
    }

    /** The command prefix that runs a program in the responder's network namespace. */
    List<String> enter() {
      return List.of("nsenter", "--net=/proc/" + process.pid() + "/ns/net");
    }

    /**
     * One good and one revoked answer from openssl itself, so both servers are known to serve the
     * same index.
     */
    void check(Issued issued) throws Exception {
      for (int i : new int[] {0, 9}) {
        List<String> command = new ArrayList<>(enter());
        command.addAll(
            List.of(
                "openssl",
                "ocsp",
                "-issuer",
                caFile,
                "-CAfile",
                caFile,
                "-no_nonce",
                "-serial",
                "0x" + Long.toHexString(issued.serials().get(i)),
                "-url",
                "http://127.0.0.1:" + OPENSSL_PORT));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        client.waitFor(30, TimeUnit.SECONDS);
        String expected = issued.revoked().get(i) ? ": revoked" : ": good";
        if (!text.contains(expected) || !text.contains("Response verify OK")) {
          throw new IllegalStateException(
              "openssl's own responder did not answer" + expected + ": " + text.strip());
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
