package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import jp.jukihub.database.Database;
import jp.jukihub.database.DatabaseOptions;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.nation.ResidentSampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hub demo}: the whole hub on its own embedded PostgreSQL, a synthetic nation seeded on
 * first run, development identity on, and example requests printed ready to paste.
 */
@Command(
    name = "demo",
    description =
        "Run the hub on its own embedded PostgreSQL with a seeded synthetic nation (dev identity on).")
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    HubOptions configured = config.load();
    PrintWriter err = spec.commandLine().getErr();
    if (!configured.database().embedded()) {
      err.println(
          "demo: ignoring the configured database URL; the demo always runs its own embedded PostgreSQL");
    }
    HubOptions options =
        configured.withDatabase(
            new DatabaseOptions(
                null,
                configured.database().embeddedDataDirectory(),
                configured.database().poolSize(),
                false));
    Database database = Database.open(options.database());
    seedOnFirstRun(options, database, err);
    return HubRunner.runUntilStopped(
        options, database, true, err, server -> printExamples(options, server, database));
  }

  private void seedOnFirstRun(HubOptions options, Database database, PrintWriter err)
      throws Exception {
    long existing = NationLoader.residentCount(database.target());
    if (existing > 0) {
      err.printf(
          "demo: the store already holds a nation of %,d residents (in %s)%n",
          existing, options.dataDirectory());
      return;
    }
    err.printf(
        "demo: first run, seeding a synthetic nation of %,d residents%n", options.demoResidents());
    var summary =
        SeedCommand.seed(
            options,
            database,
            NationOptions.of(options.demoResidents(), options.demoSeed()),
            false,
            err);
    SeedCommand.printSummary(err, summary);
  }

  private void printExamples(HubOptions options, HubServer server, Database database) {
    String api = "http://" + options.http().host() + ":" + server.apiPort();
    String ops = "http://" + options.ops().host() + ":" + server.opsPort();
    List<ResidentSampler.Sample> samples;
    try {
      samples = new ResidentSampler(database.target()).sample(1, "13");
    } catch (HubException e) {
      samples = List.of();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println(
        "Juki Hub demo is ready. Try (Ctrl-C stops it; data stays in "
            + options.dataDirectory()
            + "):");
    out.println();
    out.println("  curl -s " + ops + "/health/ready");
    out.println("  curl -s " + ops + "/metrics | grep '^hub_requests'");
    // Every API request names its body (development identity) and the person acting there.
    String jps = "curl -s -H 'X-Jukihub-Body: jps' -H 'X-Jukihub-Operator: officer-1' ";
    out.println("  " + jps + api + "/v1/bodies/me");
    out.println(
        "  curl -s -H 'X-Jukihub-Body: nobody' -H 'X-Jukihub-Operator: officer-1' "
            + api
            + "/v1/bodies/me     # 401 problem+json");
    out.println(
        "  curl -s -H 'X-Jukihub-Body: jps' "
            + api
            + "/v1/bodies/me     # 400: X-Jukihub-Operator is required");
    out.println("  " + jps + api + "/v1/bodies/no-such-route     # 404 problem+json");
    out.println(
        "  curl -s -X POST -H 'X-Jukihub-Body: bank-demo' -H 'X-Jukihub-Operator: teller-1' "
            + api
            + "/v1/identity/lookup   # 403 FIREWALL_DENIED");
    out.println("  ./hub fw explain --body bank-demo --method POST --path /v1/identity/lookup");
    out.println();
    out.println("  The audit trail (the audit office only; every read is itself recorded):");
    String auditor = "curl -s -H 'X-Jukihub-Body: auditor' -H 'X-Jukihub-Operator: ops-1' ";
    out.println("  " + auditor + "'" + api + "/v1/audit/records?limit=5'");
    out.println("  " + jps + api + "/v1/audit/records     # 403 NOT_PERMITTED");
    if (!samples.isEmpty()) {
      String number = samples.get(0).myNumber();
      out.println("  " + auditor + api + "/v1/audit/subjects/" + number + "/accesses");
      out.println();
      out.println(
          "  A resident of Tokyo for your own checks: "
              + number
              + " ("
              + samples.get(0).lgCode()
              + ")");
      out.println("  ./hub check mynumber " + number);
      out.println(
          "  Look them up as the pension service, for an affair of the law table (./hub law list --body jps):");
      out.println(
          "  "
              + jps
              + "-X POST -H 'Content-Type: application/json' "
              + api
              + "/v1/identity/lookup -d '{\"affair\":\"t1-national-pension\",\"myNumber\":\""
              + number
              + "\"}'");
      out.println(
          "  As Tokyo (its own prefecture tier answers: servedBy), and as a batch (NDJSON, one answer per line):");
      out.println(
          "  curl -s -H 'X-Jukihub-Body: pref-13' -H 'X-Jukihub-Operator: officer-2' -X POST -H 'Content-Type: application/json' "
              + api
              + "/v1/identity/lookup -d '{\"affair\":\"t5-local-tax\",\"myNumber\":\""
              + number
              + "\"}'");
      out.println(
          "  printf '{\"affair\":\"t1-pension-status\",\"myNumber\":\""
              + number
              + "\"}\\n{\"affair\":\"t1-pension-status\",\"myNumber\":\"123456789018\"}\\n' | "
              + jps
              + "-H 'Content-Type: application/x-ndjson' --data-binary @- "
              + api
              + "/v1/identity/lookup:batch");
    }
    out.println(
        "  ./hub audit verify        # in another terminal: checks the chain and its signatures");
    out.println();
    out.println(
        "  A municipality's register (Chiyoda, for itself only): a birth, then its history");
    String clerk = "curl -s -H 'X-Jukihub-Body: lg-131016' -H 'X-Jukihub-Operator: clerk-1' ";
    String once = "-H 'Idempotency-Key: demo-birth-1' ";
    out.println(
        "  "
            + clerk
            + once
            + "-H 'Content-Type: application/json' -X POST "
            + api
            + "/v1/municipalities/131016/residents \\");
    out.println(
        "    -d '{\"event\":\"birth\",\"name\":{\"kanji\":\"山田\u3000花子\",\"kana\":\"ヤマダ\u3000ハナコ\"},"
            + "\"birthDate\":\"2026-11-20\",\"sex\":\"female\",\"addressRest\":\"千代田1丁目1番1号\"}'");
    out.println("  " + clerk + api + "/v1/municipalities/131016/residents/RESIDENT_CODE/history");
    out.println("  ./hub reconcile           # the tiers agree with the municipal tier?");
    out.println();
    out.println(
        "  J-LIS's JPKI (README, \"JPKI\"): Chiyoda issues that resident's card; a bank reads a CRL with openssl");
    out.println(
        "  "
            + clerk
            + "-H 'Content-Type: application/json' -X POST "
            + api
            + "/v1/municipalities/131016/residents/RESIDENT_CODE/certificates -d '{\"signPin\":\"demo-sign-ABC123\",\"authPin\":\"demo-auth-1234\"}'");
    out.println(
        "  curl -s -H 'X-Jukihub-Body: bank-demo' -H 'X-Jukihub-Operator: teller-1' "
            + api
            + "/v1/jpki/crl/sign | openssl crl -inform DER -noout -text");
    if (!samples.isEmpty()) {
      printProvisionExamples(out, api, samples.get(0).myNumber());
    }
    printPortalExamples(out, api, server, options);
    out.println();
    out.println(
        "  In production (./hub serve) a body proves itself by mutual TLS instead of a header:");
    out.println(
        "  ./hub bodies issue-cert jps    # then curl --cert, --key and --cacert (README, \"Mutual TLS\")");
    out.println();
    out.flush();
  }

  /**
   * My Portal: the resident born above gets a card, logs in on the page with the card reader app
   * (hub card login), or as an app with the card in the TLS handshake.
   */
  private static void printPortalExamples(
      PrintWriter out, String api, HubServer server, HubOptions options) {
    if (server.portalPort() < 0) {
      return;
    }
    String portal = "https://" + options.portal().listener().host() + ":" + server.portalPort();
    out.println();
    out.println("  My Portal (マイナポータル), HTTPS: " + portal + "/portal/");
    out.println(
        "  Save a card for the resident born above (Chiyoda issues it; the answer is the card):");
    out.println(
        "  curl -s -H 'X-Jukihub-Body: lg-131016' -H 'X-Jukihub-Operator: clerk-1' -H 'Content-Type: application/json' -X POST "
            + api
            + "/v1/municipalities/131016/residents/RESIDENT_CODE/certificates -d '{\"signPin\":\"demo-sign-ABC123\",\"authPin\":\"demo-auth-1234\"}' -o card.json");
    out.println(
        "  Open the page (its certificate is the hub's own: "
            + options.tls().caCertFile()
            + "), press ログイン, then sign the code it shows:");
    out.println("  ./hub card login --card card.json --pin demo-auth-1234 CODE");
    out.println("  The same for apps, as JSON: " + portal + "/openapi.yaml");
  }

  /**
   * The information-provision network with the sampled resident: Shibuya and Chiyoda acquire their
   * tokens, Shibuya registers its copy of the resident's local-tax income, Chiyoda asks for it for
   * a child allowance (as README's "Information provision" does).
   */
  private static void printProvisionExamples(PrintWriter out, String api, String number) {
    String json = "-H 'Content-Type: application/json' ";
    String shibuya =
        "curl -s -H 'X-Jukihub-Body: lg-131130' -H 'X-Jukihub-Operator: officer-2' " + json;
    String chiyoda =
        "curl -s -H 'X-Jukihub-Body: lg-131016' -H 'X-Jukihub-Operator: officer-1' " + json;
    out.println();
    out.println(
        "  Information provision (README, \"Information provision\"): each side acquires its token,"
            + " Shibuya keeps a copy, Chiyoda asks for it");
    // Each body's own numbers: S-… for Shibuya, C-… for Chiyoda.
    String acquire =
        "-X POST "
            + api
            + "/v1/provision/tokens -d '{\"acquisitionNumber\":\"%1$s-2026-0001\",\"myNumber\":\""
            + number
            + "\",\"unifiedAddressNumber\":\"%1$s-0000001\"}'";
    out.println("  " + shibuya + acquire.formatted("S"));
    out.println("  " + chiyoda + acquire.formatted("C"));
    out.println(
        "  "
            + shibuya
            + "-X PUT "
            + api
            + "/v1/provision/copies/local-tax-income/S-0000001 -d '{\"fiscalYear\":2025,"
            + "\"taxableIncome\":4200000,\"municipalTax\":252000,\"prefecturalTax\":168000,"
            + "\"incomeCategory\":\"01\",\"taxStatus\":\"1\"}'");
    out.println(
        "  "
            + chiyoda
            + "-X POST "
            + api
            + "/v1/provision/queries -d '{\"affair\":\"x2-074-child-allowance\","
            + "\"item\":\"local-tax-income\",\"provider\":\"lg-131130\","
            + "\"unifiedAddressNumber\":\"C-0000001\"}'");
    out.println("  ./hub exchange list --body lg-131016   # what Chiyoda may ask whom, and why");
  }
}
