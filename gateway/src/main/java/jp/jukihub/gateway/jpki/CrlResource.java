package jp.jukihub.gateway.jpki;

import io.vertx.ext.web.RoutingContext;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.jpki.RelyingParties.RelyingParty;
import jp.jukihub.jpki.CrlScope;

/**
 * {@code GET /v1/jpki/crl/{sign|auth}[/{shard}]}: the CRL as last published, from its prepared
 * bytes. A shard's CRL is what a certificate's distribution point names; the whole type's CRL lists
 * every shard's entries.
 */
public final class CrlResource {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final CrlShelf shelf;
  private final RelyingParties parties;
  private final CheckMeter meter;

  public CrlResource(CrlShelf shelf, RelyingParties parties, CheckMeter meter) {
    this.shelf = shelf;
    this.parties = parties;
    this.meter = meter;
  }

  public void serve(RoutingContext routing) {
    RelyingParty party = parties.party(routing);
    JpkiAuthority.Type type =
        JpkiAuthority.Type.find(routing.pathParam("type"))
            .orElseThrow(
                () -> new HubException(ErrorCode.NOT_FOUND, "certificate type: sign or auth"));
    String shardText = routing.pathParam("shard");
    int shard = shardText == null ? CrlScope.WHOLE : shard(shardText);
    CrlShelf.Published crl =
        shelf
            .find(new CrlScope(type.label(), shard))
            .orElseThrow(
                () ->
                    shelf.all().isEmpty()
                        // Just started: the publisher's first pass issues every CRL within seconds.
                        ? new HubException(
                            ErrorCode.STORE_UNAVAILABLE,
                            "the CRLs are being issued; try again in a few seconds")
                        : new HubException(
                            ErrorCode.NOT_FOUND,
                            "no CRL is published for that certificate type and shard"));
    meter.count(party, CheckMeter.Check.CRL, type);
    routing
        .response()
        .putHeader("Content-Type", "application/pkix-crl")
        .putHeader("Last-Modified", HTTP_DATE.format(crl.thisUpdate()))
        .putHeader("Expires", HTTP_DATE.format(crl.nextUpdate()))
        .end(crl.der());
  }

  private static int shard(String text) {
    if (!text.matches("[0-9]{1,3}")) {
      throw new HubException(ErrorCode.NOT_FOUND, "shard: a number");
    }
    return Integer.parseInt(text);
  }
}
