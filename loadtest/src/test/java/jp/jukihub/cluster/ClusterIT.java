package jp.jukihub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 20's cluster, started for real by {@code ./hub cluster} in a directory and on ports of its
 * own: five PostgreSQL 15 servers (the national tier with a streaming replica, two prefecture
 * groups, the municipal tier), two hub nodes behind HAProxy, Prometheus. Each test proves one point
 * of the issue over mutual TLS, directly to a node or through HAProxy; figures are printed
 * ("cluster-it: ..."). Everything started is stopped at the end; the directory stays under target/
 * for a look afterwards.
 *
 * <p>Needs root (PostgreSQL runs as the postgres user; HAProxy and PostgreSQL 15 are installed from
 * Debian when missing). Skipped when not root, or with {@code JUKIHUB_TEST_CLUSTER=0}.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final String CHIYODA = "131016";
  private static final int RATE_OF_NTA = 20;
  private static final int CRL_CHECK_SECONDS = 5;

  private Cluster cluster;
  private BodyClient jps;
  private BodyClient municipality;
  private BodyClient verifier;
  private BodyClient nta;
  private List<String> myNumbers;

  /** Residents born in Chiyoda through node 1: resident code to My Number. */
  private final Map<String, String> born = new HashMap<>();

  @BeforeAll
  void startCluster() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "the cluster needs root");
    assumeTrue(!"0".equals(System.getenv("JUKIHUB_TEST_CLUSTER")), "JUKIHUB_TEST_CLUSTER=0");
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("hub"))) {
      root = root.getParent();
    }
    Path dir = root.resolve("loadtest/target/cluster-it");
    // Below Linux's ephemeral ports (32768-60999): a server binding one of those found it taken
    // now and then by some client's outgoing connection.
    cluster = new Cluster(root, dir, 27431, 28100, 28080, 28090);
    if (Files.isDirectory(dir)) { // a run before this one's servers and data
      cluster.run("down");
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("nodes.yaml"),
        "limits:\n  perBody:\n    nta: "
            + RATE_OF_NTA
            + "\njpki:\n  crlCheckSeconds: "
            + CRL_CHECK_SECONDS
            + "\n");
    long begun = System.nanoTime();
    cluster.run("up", "--no-nodes");
    cluster.run("seed", "--residents", "300");
    cluster.run("up", "--nodes", "2");
    System.out.printf(
        "cluster-it: up, seeded (300 residents) and two nodes ready in %.0f s%n",
        (System.nanoTime() - begun) / 1e9);
    jps = client("jps");
    municipality = client("lg-" + CHIYODA);
    verifier = client("bank-demo");
    nta = client("nta");
    myNumbers =
        cluster
            .psql(
                cluster.nationalPrimary(),
                "national",
                "SELECT my_number FROM national.identity WHERE status = 'current'"
                    + " ORDER BY person_id LIMIT 200")
            .lines()
            .toList();
    assertThat(myNumbers).hasSizeGreaterThan(100);
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster == null) {
      return;
    }
    try {
      for (String server : List.of("national-a", "national-b")) {
        String[] row = cluster.balancerRow("national", server);
        System.out.printf(
            "cluster-it: HAProxy's national check of %s: %s now, %s failed checks, %s times"
                + " down%n",
            server, row[17], row[21], row[22]);
      }
    } catch (java.io.IOException | IllegalStateException e) {
      System.out.println("cluster-it: HAProxy's stats are not there: " + e);
    } finally {
      cluster.run("down"); // whatever started, even if the start failed half-way
    }
  }

  @Test
  @Order(1)
  void should_show_a_change_written_through_one_node_on_the_other_within_a_second()
      throws Exception {
    int changes = 40;
    for (int i = 0; i < changes; i++) {
      JsonObject resident =
          municipality.call(
              node(1),
              "POST",
              "/v1/municipalities/" + CHIYODA + "/residents",
              new JsonObject()
                  .put("event", "birth")
                  .put(
                      "name",
                      new JsonObject().put("kanji", "試験\u3000花子").put("kana", "シケン\u3000ハナコ"))
                  .put("birthDate", "2026-11-" + (10 + i % 18))
                  .put("sex", "female")
                  .put("addressRest", "千代田1丁目1番" + (i + 1) + "号")
                  .encode(),
              201);
      born.put(resident.getString("residentCode"), resident.getString("myNumber"));
    }
    List<Double> delays = new ArrayList<>();
    int round = 0;
    for (Map.Entry<String, String> person : born.entrySet()) {
      String myNumber = person.getValue();
      // Seen on node 2 (shipped to the national tier), then cached there.
      awaitLookup(2, myNumber, answer -> true, 10_000);
      String address = "千代田2丁目" + (++round) + "番" + (round % 7 + 1) + "号";
      municipality.call(
          node(1),
          "PATCH",
          "/v1/municipalities/" + CHIYODA + "/residents/" + person.getKey(),
          new JsonObject()
              .put("addressRest", address)
              .put("reason", "転居")
              .put("effectiveOn", "2026-12-01")
              .encode(),
          200);
      long written = System.nanoTime();
      awaitLookup(
          2,
          myNumber,
          answer -> address.equals(answer.getJsonObject("address").getString("rest")),
          10_000);
      delays.add((System.nanoTime() - written) / 1e6);
    }
    double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double p99 = percentile(sorted, 0.99);
    System.out.printf(
        "cluster-it: %d corrections through node-1 seen by lookups on node-2 after p50 %.0f ms,"
            + " p99 %.0f ms, max %.0f ms%n",
        sorted.length, percentile(sorted, 0.5), p99, sorted[sorted.length - 1]);
    assertThat(p99).as("p99 of the change's delay to the other node, ms").isLessThan(1_000);
  }

  @Test
  @Order(2)
  void should_answer_a_revocation_by_ocsp_on_every_node_within_a_second_and_one_crl()
      throws Exception {
    assumeTrue(!born.isEmpty(), "needs the residents born by the first test");
    X509Certificate authCa =
        certificate(
            verifier
                .call(node(1), "GET", "/v1/jpki/ca", null, 200)
                .getJsonObject("auth")
                .getString("pem"));
    List<Double> delays = new ArrayList<>();
    Set<BigInteger> revoked = new HashSet<>();
    for (String residentCode : born.keySet().stream().limit(5).toList()) {
      JsonObject card =
          municipality.call(
              node(1),
              "POST",
              "/v1/municipalities/" + CHIYODA + "/residents/" + residentCode + "/certificates",
              new JsonObject().put("signCsr", csr()).put("authCsr", csr()).encode(),
              201);
      JsonObject auth = card.getJsonObject("auth");
      BigInteger serial = new BigInteger(auth.getString("serial"), 16);
      byte[] request = ocspRequest(authCa, serial);
      for (int node = 1; node <= 2; node++) {
        awaitOcsp(node, request, "good", 10_000);
      }
      municipality.call(
          node(2),
          "POST",
          "/v1/jpki/certificates/" + auth.getString("serial") + "/revoke",
          "{\"reason\":\"cardLost\"}",
          200);
      long answered = System.nanoTime();
      for (int node = 1; node <= 2; node++) {
        awaitOcsp(node, request, "revoked", 10_000);
        delays.add((System.nanoTime() - answered) / 1e6);
      }
      revoked.add(serial);
    }
    double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        "cluster-it: 5 revocations through node-2, answered revoked by OCSP on both nodes after"
            + " at most %.0f ms (p50 %.0f ms)%n",
        sorted[sorted.length - 1], percentile(sorted, 0.5));
    assertThat(sorted[sorted.length - 1]).as("slowest OCSP 'revoked', ms").isLessThan(1_000);

    // The type's whole CRL: every node serves the same number, with every revocation, within the
    // interval.
    long since = System.nanoTime();
    long deadline = since + (CRL_CHECK_SECONDS + 10) * 1_000_000_000L;
    BigInteger[] numbers = new BigInteger[3];
    boolean agreed = false;
    while (!agreed && System.nanoTime() < deadline) {
      agreed = true;
      for (int node = 1; node <= 2; node++) {
        X509CRL crl = crl(node, "/v1/jpki/crl/auth");
        numbers[node] = crlNumber(crl);
        Set<BigInteger> listed = new HashSet<>();
        if (crl.getRevokedCertificates() != null) {
          crl.getRevokedCertificates().forEach(entry -> listed.add(entry.getSerialNumber()));
        }
        agreed &= listed.containsAll(revoked);
      }
      agreed &= numbers[1].equals(numbers[2]);
      if (!agreed) {
        Thread.sleep(200);
      }
    }
    System.out.printf(
        "cluster-it: both nodes served the auth CRL number %s (%s) with the revocations %.1f s"
            + " after the last (interval: %d s)%n",
        numbers[1], numbers[2], (System.nanoTime() - since) / 1e9, CRL_CHECK_SECONDS);
    assertThat(agreed).as("one CRL number, with every revocation, on both nodes").isTrue();
  }

  @Test
  @Order(3)
  void should_hold_a_body_to_its_rate_across_the_nodes() throws Exception {
    for (int node = 1; node <= 2; node++) {
      assertThat(cluster.meter(node, "hub_cluster_nodes"))
          .as("nodes seen by node-" + node)
          .isEqualTo(2.0);
    }
    int seconds = 3;
    AtomicInteger[] granted = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    List<Thread> senders = new ArrayList<>();
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    for (int node = 1; node <= 2; node++) {
      int target = node;
      Thread sender =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < until) {
                    if (nta.send(node(target), "GET", "/v1/bodies/me", null, null).statusCode()
                        == 200) {
                      granted[target].incrementAndGet();
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) {
      sender.join();
    }
    int total = granted[1].get() + granted[2].get();
    // The cluster's bucket: a burst of two seconds' worth, then the rate.
    int allowed = RATE_OF_NTA * (seconds + 2);
    System.out.printf(
        "cluster-it: nta (%d/s) asking both nodes as fast as it could for %d s: %d + %d granted"
            + " (the cluster allows %d; each node alone would have allowed %d)%n",
        RATE_OF_NTA, seconds, granted[1].get(), granted[2].get(), allowed, allowed);
    assertThat(total).as("granted by both nodes together").isBetween(allowed / 2, allowed + 10);
  }

  @Test
  @Order(4)
  void should_lose_only_a_killed_node_in_flight_requests_and_move_its_lanes() throws Exception {
    Map<String, int[]> leaders = lanes();
    assertThat(leaders).isNotEmpty();
    leaders.forEach(
        (lane, nodes) ->
            assertThat(nodes[1] + nodes[2]).as("nodes shipping lane " + lane).isEqualTo(1));
    // The node that ships the most lanes dies, so that its lanes must move.
    int victim =
        leaders.values().stream().filter(nodes -> nodes[1] == 1).count() * 2 >= leaders.size()
            ? 1
            : 2;
    int survivor = 3 - victim;

    try {
      killUnderLoad(victim, survivor);
    } finally {
      cluster.run("up"); // the killed node again
    }
    while (!cluster.balancerState(victim).startsWith("UP")) {
      Thread.sleep(200);
    }
    lanes()
        .forEach(
            (lane, nodes) ->
                assertThat(nodes[1] + nodes[2]).as("nodes shipping lane " + lane).isEqualTo(1));
  }

  private void killUnderLoad(int victim, int survivor) throws Exception {
    LookupLoad load = LookupLoad.start(jps, cluster.balancerPort, myNumbers, 60, 16, 4, "kill");
    while (load.elapsedSeconds() < 5) {
      Thread.sleep(20);
    }
    ProcessHandle.of(cluster.pid(victim)).orElseThrow().destroyForcibly(); // SIGKILL
    long killed = System.nanoTime();
    while (!cluster.balancerState(victim).startsWith("DOWN")) {
      assertThat((System.nanoTime() - killed) / 1e9).as("seconds to DOWN").isLessThan(15);
      Thread.sleep(50);
    }
    double down = (System.nanoTime() - killed) / 1e9;
    List<LookupLoad.Outcome> outcomes = load.await();
    List<LookupLoad.Outcome> failed = outcomes.stream().filter(o -> !o.ok()).toList();
    Set<String> answered =
        outcomes.stream()
            .filter(LookupLoad.Outcome::ok)
            .map(LookupLoad.Outcome::requestId)
            .collect(Collectors.toSet());
    Set<String> recorded =
        new HashSet<>(
            cluster
                .psql(
                    "municipal",
                    "jukihub",
                    "SELECT DISTINCT request_id FROM audit.record"
                        + " WHERE request_id LIKE 'cluster-it-kill-%'")
                .lines()
                .toList());
    Set<String> unrecorded = new HashSet<>(answered);
    unrecorded.removeAll(recorded);
    System.out.printf(
        "cluster-it: kill -9 of node-%d under %d lookups (60/s, 4 connections, through HAProxy):"
            + " %d failed %s; HAProxy had it DOWN after %.1f s; %d of %d answers have their audit"
            + " record%n",
        victim,
        outcomes.size(),
        failed.size(),
        LookupLoad.tally(failed, o -> o.status() + " " + o.servedBy()),
        down,
        answered.size() - unrecorded.size(),
        answered.size());
    assertThat(unrecorded).as("answers without an audit record").isEmpty();
    // The killed node's connections lose the request each had in flight. The survivor, taking
    // them over on two cores, may answer 503 (closed: refused, never unrecorded) while its audit
    // commit waits: counted, and bounded here.
    assertThat(failed)
        .as("failures: a lost connection or a 503, nothing else")
        .allMatch(o -> o.status() == 0 || o.status() == 503);
    assertThat(failed.stream().filter(o -> o.status() == 0).count())
        .as("requests lost with the killed node's connections")
        .isLessThanOrEqualTo(4);
    assertThat(failed.size()).as("failed lookups").isLessThanOrEqualTo(outcomes.size() / 50);
    assertThat(down).as("seconds until HAProxy took the node out").isLessThan(6);

    // Its lanes move to the survivor: its session locks went with its connections.
    long since = System.nanoTime();
    while (lanes().values().stream().anyMatch(nodes -> nodes[survivor] != 1)) {
      assertThat((System.nanoTime() - since) / 1e9)
          .as("seconds for the lanes to move")
          .isLessThan(30);
      Thread.sleep(100);
    }
    System.out.printf(
        "cluster-it: node-%d shipped every lane %.1f s after node-%d was out%n",
        survivor, (System.nanoTime() - since) / 1e9 + down, victim);
  }

  @Test
  @Order(5)
  void should_serve_every_lookup_while_a_prefecture_server_is_stopped() throws Exception {
    cluster.stopServer("prefecture-a");
    try {
      List<LookupLoad.Outcome> outcomes =
          LookupLoad.start(jps, cluster.balancerPort, myNumbers, 40, 8, 4, "prefecture").await();
      System.out.printf(
          "cluster-it: prefecture-a stopped: %d lookups through HAProxy answered %s; nodes %s, %s%n",
          outcomes.size(),
          LookupLoad.tally(outcomes, o -> o.status() + " " + o.servedBy()),
          cluster.balancerState(1),
          cluster.balancerState(2));
      assertThat(failures(outcomes)).as("lookups not answered 200").isEmpty();
      assertThat(cluster.balancerState(1)).startsWith("UP");
      assertThat(cluster.balancerState(2)).startsWith("UP");

    } finally {
      cluster.run("up");
    }
  }

  /** Current residents' My Numbers in prefectures {@code from} to {@code to}. */
  private List<String> residentsOf(String from, String to) throws Exception {
    return cluster
        .psql(
            "municipal",
            "jukihub",
            "SELECT my_number FROM municipal.resident WHERE status = 'current'"
                + " AND substr(lg_code, 1, 2) BETWEEN '"
                + from
                + "' AND '"
                + to
                + "' ORDER BY person_id DESC LIMIT 100") // few of them looked up (cached) before
        .lines()
        .toList();
  }

  @Test
  @Order(6)
  void should_serve_lookups_by_the_prefecture_fallback_during_a_national_failover()
      throws Exception {
    String before = cluster.nationalPrimary();
    LookupLoad load = LookupLoad.start(jps, cluster.balancerPort, myNumbers, 40, 24, 4, "failover");
    while (load.elapsedSeconds() < 6) {
      Thread.sleep(20);
    }
    cluster.run("promote-replica");
    double promoted = load.elapsedSeconds();
    List<LookupLoad.Outcome> outcomes = load.await();
    List<LookupLoad.Outcome> fallback =
        outcomes.stream().filter(o -> "prefecture-fallback".equals(o.servedBy())).toList();
    List<LookupLoad.Outcome> last = outcomes.stream().filter(o -> o.dueMillis() > 20_000).toList();
    long failed = outcomes.stream().filter(o -> !o.ok()).count();
    System.out.printf(
        "cluster-it: national failover (%s stopped, its replica promoted %.1f s into the run):"
            + " %d lookups, %d failed %s, %d by the prefecture fallback (from %.1f s to %.1f s),"
            + " the last 4 s %s%n",
        before,
        promoted,
        outcomes.size(),
        failed,
        LookupLoad.tally(
            outcomes.stream().filter(o -> !o.ok()).toList(),
            o -> o.status() + " " + o.servedBy() + " at " + Math.round(o.dueMillis() / 1e3) + " s"),
        fallback.size(),
        fallback.isEmpty() ? 0 : fallback.get(0).dueMillis() / 1e3,
        fallback.isEmpty() ? 0 : fallback.get(fallback.size() - 1).dueMillis() / 1e3,
        LookupLoad.tally(last, o -> o.status() + " " + o.servedBy()));
    assertThat(cluster.nationalPrimary()).isNotEqualTo(before);
    assertThat(failed).as("failed lookups").isLessThanOrEqualTo(outcomes.size() / 100);
    assertThat(fallback).as("lookups the prefecture fallback served").isNotEmpty();
    for (int node = 1; node <= 2; node++) {
      System.out.printf(
          "cluster-it: node-%d's fallbacks by reason: failed %.0f, open %.0f, slow %.0f%n",
          node,
          cluster.meter(node, "hub_identity_fallbacks_total", "reason=\"failed\""),
          cluster.meter(node, "hub_identity_fallbacks_total", "reason=\"open\""),
          cluster.meter(node, "hub_identity_fallbacks_total", "reason=\"slow\""));
    }
    // After it, every lookup is answered, and the new primary answers them again, the nodes
    // having reconnected by themselves. Reads slower than their budget may still be answered by
    // the fallback while the promoted server and the pools warm up: in one run all of the last 4 s
    // (promoted 13 s in, on a machine running both nodes and five servers on two cores), so each
    // node is asked directly until the national tier answers it (within 30 s).
    assertThat(last).as("lookups in the run's last 4 s").hasSizeGreaterThan(100);
    assertThat(failures(last)).as("lookups not answered 200 in the last 4 s").isEmpty();
    for (int node = 1; node <= 2; node++) {
      System.out.printf(
          "cluster-it: node-%d answered from the promoted national server %.1f s after the run%n",
          node, secondsUntilNationalAnswers(node));
    }
    cluster.run("up"); // the old primary comes back as the new one's replica
  }

  /** Seconds until a lookup asked of {@code node} directly is answered by the national tier. */
  private double secondsUntilNationalAnswers(int node) throws Exception {
    long since = System.nanoTime();
    awaitLookup(
        node, myNumbers.get(0), body -> "national".equals(body.getString("servedBy")), 30_000);
    return (System.nanoTime() - since) / 1e9;
  }

  @Test
  @Order(7)
  void should_refuse_only_the_stopped_prefecture_residents_while_the_national_tier_is_away_too()
      throws Exception {
    // Last of the faults: the national address leads nowhere (both servers in maintenance on
    // HAProxy) and prefecture-a is stopped. The fallback serves the residents of prefectures
    // 24-47; those of 01-23 are answered from a node's national cache if it holds them, else
    // refused 503; nobody gets a wrong answer.
    List<String> stopped = residentsOf("01", "23");
    List<String> running = residentsOf("24", "47");
    cluster.stopServer("prefecture-a");
    cluster.haproxy("set server national/national-a state maint");
    cluster.haproxy("set server national/national-b state maint");
    cluster.haproxy("shutdown sessions server national/national-a");
    cluster.haproxy("shutdown sessions server national/national-b");
    try {
      List<LookupLoad.Outcome> served =
          LookupLoad.start(jps, cluster.balancerPort, running, 20, 6, 4, "away-b").await();
      List<LookupLoad.Outcome> refused =
          LookupLoad.start(jps, cluster.balancerPort, stopped, 20, 6, 4, "away-a").await();
      System.out.printf(
          "cluster-it: prefecture-a and the national tier away: residents of 24-47 %s, of 01-23"
              + " %s%n",
          LookupLoad.tally(served, o -> o.status() + " " + o.servedBy()),
          LookupLoad.tally(refused, o -> o.status() + " " + o.servedBy()));
      assertThat(failures(served)).as("residents of the running prefecture server").isEmpty();
      assertThat(refused)
          .as("residents of the stopped prefecture server: cached, or refused; never wrong")
          .allMatch(
              o -> o.status() == 503 || (o.status() == 200 && "national".equals(o.servedBy())));
      assertThat(refused).as("some refused (not all cached)").anyMatch(o -> o.status() == 503);
    } finally {
      cluster.haproxy("set server national/national-a state ready");
      cluster.haproxy("set server national/national-b state ready");
      cluster.run("up");
    }
  }

  @Test
  @Order(8)
  void should_verify_every_node_audit_chain_together() {
    String report = cluster.hub("audit", "verify");
    System.out.println("cluster-it: ./hub audit verify\n" + report.strip());
    assertThat(report).contains("chain node-1: intact").contains("chain node-2: intact");
  }

  /** The outcomes that were not 200, as "status code-or-exception". */
  private static List<String> failures(List<LookupLoad.Outcome> outcomes) {
    return outcomes.stream()
        .filter(o -> !o.ok())
        .map(o -> o.status() + " " + o.servedBy())
        .toList();
  }

  private BodyClient client(String body) throws Exception {
    Path out = cluster.dir.resolve("certs/" + body);
    cluster.hub("bodies", "issue-cert", body, "--out", out.toString());
    return new BodyClient(body, out);
  }

  private int node(int k) {
    return cluster.apiPort(k);
  }

  /** Lookups by jps on a node until its answer passes {@code seen}; fails after the time. */
  private JsonObject awaitLookup(
      int node, String myNumber, java.util.function.Predicate<JsonObject> seen, long millis)
      throws Exception {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    String json =
        new JsonObject().put("affair", "t1-national-pension").put("myNumber", myNumber).encode();
    while (true) {
      HttpResponse<String> answer = jps.send(node(node), "POST", "/v1/identity/lookup", json, null);
      if (answer.statusCode() == 200) {
        JsonObject body = new JsonObject(answer.body());
        if (seen.test(body)) {
          return body;
        }
      }
      assertThat(System.nanoTime())
          .as("a lookup on node-" + node + " in time")
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private void awaitOcsp(int node, byte[] request, String status, long millis) throws Exception {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (true) {
      HttpResponse<byte[]> answer =
          verifier.binary(node(node), "POST", "/v1/jpki/ocsp", request, "application/ocsp-request");
      if (answer.statusCode() == 200 && status.equals(ocspStatus(answer.body()))) {
        return;
      }
      assertThat(System.nanoTime()).as("OCSP " + status + " on node-" + node).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Each lane, and whether node 1 and node 2 ship it ([1], [2]: 1 or 0). */
  private Map<String, int[]> lanes() throws Exception {
    Map<String, int[]> lanes = new HashMap<>();
    for (int node = 1; node <= 2; node++) {
      String text;
      try {
        text =
            Http.PLAIN
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(
                                "http://127.0.0.1:" + cluster.opsPort(node) + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      } catch (java.net.ConnectException e) {
        continue; // a killed node ships nothing
      }
      for (String line : text.split("\n")) {
        if (line.startsWith("hub_tier_lane_leading{")) {
          int at = line.indexOf("lane=\"") + 6;
          String lane = line.substring(at, line.indexOf('"', at));
          lanes.computeIfAbsent(lane, name -> new int[3])[node] =
              (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return lanes;
  }

  private X509CRL crl(int node, String path) throws Exception {
    HttpResponse<byte[]> answer = verifier.binary(node(node), "GET", path, null, null);
    assertThat(answer.statusCode()).as("CRL from node-" + node).isEqualTo(200);
    return (X509CRL)
        CertificateFactory.getInstance("X.509")
            .generateCRL(new ByteArrayInputStream(answer.body()));
  }

  private static BigInteger crlNumber(X509CRL crl) {
    byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
  }

  /** A PKCS#10 request for a new RSA-2048 key, as a card makes for each of its keys. */
  private static String csr() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair key = generator.generateKeyPair();
    byte[] der =
        new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=card"), key.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()))
            .getEncoded();
    return "-----BEGIN CERTIFICATE REQUEST-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE REQUEST-----\n";
  }

  private static byte[] ocspRequest(X509Certificate issuer, BigInteger serial) throws Exception {
    CertificateID id =
        new CertificateID(
            new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
            new JcaX509CertificateHolder(issuer),
            serial);
    return new OCSPReqBuilder().addRequest(id).build().getEncoded();
  }

  private static String ocspStatus(byte[] der) throws Exception {
    OCSPResp response = new OCSPResp(der);
    if (response.getStatus() != OCSPResp.SUCCESSFUL) {
      return "error " + response.getStatus();
    }
    Object status =
        ((BasicOCSPResp) response.getResponseObject()).getResponses()[0].getCertStatus();
    return status == null ? "good" : status instanceof RevokedStatus ? "revoked" : "unknown";
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }
}
