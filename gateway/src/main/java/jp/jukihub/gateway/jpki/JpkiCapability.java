package jp.jukihub.gateway.jpki;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.authorisation.RouteAuthority;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.authorisation.ServiceRight;
import jp.jukihub.gateway.authorisation.ServiceRights;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;

/**
 * The public personal authentication service (公的個人認証サービス) as the API serves it: the CA
 * certificates, card issuance and revocation by municipalities, and the relying parties' OCSP, CRL,
 * verify and usage routes. Its background work (the revocation publisher, usage flushes) is {@link
 * Jpki}'s.
 */
public final class JpkiCapability implements Capability {
  static final String EVERY_PARTY_USAGE = "usageOfEveryParty";
  private static final String ISSUANCE = "jpki.card-issuance";
  private static final String REVOCATION = "jpki.card-revocation";
  private static final String RELYING_PARTY = "jpki.relying-party";
  private static final String FEE_OFFICE = "jpki.fee-office";
  private static final String SIGNATURE_ACT = "電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律";

  private final Jpki jpki;
  private final ServiceRights rights;
  private final CardResource cards;
  private final VerifierResource verifiers;

  public JpkiCapability(HubContext hub, Map<JpkiAuthority.Type, JpkiAuthority> authorities) {
    this.jpki =
        Jpki.start(
            hub.vertx(),
            authorities,
            hub.options().jpki(),
            hub.bodies(),
            hub.pools().tiers(DatabaseRole.JPKI).national(),
            hub.pools().tiers(DatabaseRole.JPKI).municipal(),
            hub.pools().topology(DatabaseRole.JPKI).national(),
            hub.registry(),
            hub.clock());
    this.rights = rights(jpki.parties());
    this.cards =
        new CardResource(
            jpki.issuance(),
            jpki.revocations(),
            hub.catalog(),
            hub.options().database().embedded());
    this.verifiers =
        new VerifierResource(jpki.verification(), jpki.parties(), jpki.meter(), jpki.usage());
  }

  /**
   * Who may use the JPKI routes: the resident's own municipality for issuance (第3条, 第22条: the
   * application goes through the 住所地市町村長) and revocation (第9条, 第28条); registered signature
   * verifiers and user-certificate verifiers for revocation checks (第17条, 第36条), with J-LIS alone
   * seeing every party's metered usage.
   */
  static ServiceRights rights(RelyingParties parties) {
    return new ServiceRights(
        List.of(
            new ServiceRight(
                ISSUANCE,
                "the resident's own municipality",
                caller -> caller.kind() == BodyKind.MUNICIPALITY,
                SIGNATURE_ACT + " 第3条, 第22条",
                "電子証明書の発行の申請の受付",
                Scope.OWN_MUNICIPALITY,
                Set.of("certificates"),
                "only the resident's own municipality issues and revokes card certificates"),
            new ServiceRight(
                REVOCATION,
                "the issuing municipality",
                caller -> caller.kind() == BodyKind.MUNICIPALITY && caller.lgCode().isPresent(),
                SIGNATURE_ACT + " 第9条, 第28条",
                "電子証明書の失効の申請の受付",
                Scope.OWN_MUNICIPALITY,
                Set.of("revocation"),
                "only the resident's own municipality issues and revokes card certificates"),
            new ServiceRight(
                RELYING_PARTY,
                "registered signature and user-certificate verifiers",
                parties::isParty,
                SIGNATURE_ACT + " 第17条, 第36条",
                "失効情報の提供を受けて行う電子証明書の有効性の確認",
                Scope.NATIONWIDE,
                Set.of("status", "usage"),
                "only registered signature verifiers check certificates"),
            new ServiceRight(
                FEE_OFFICE,
                "J-LIS",
                caller -> caller.kind() == BodyKind.JLIS && parties.isParty(caller),
                SIGNATURE_ACT + " 第17条, 第36条 (手数料)",
                "署名検証者等の手数料の算定",
                Scope.NATIONWIDE,
                Set.of("usage", EVERY_PARTY_USAGE),
                "only registered signature verifiers check certificates")));
  }

  /** Whether a certificate is one of J-LIS's, and which kind (My Portal's log-in asks). */
  public CertificateVerification verification() {
    return jpki.verification();
  }

  @Override
  public List<LawfulUses<?>> lawfulUses() {
    return List.of(rights);
  }

  @Override
  public void declareRoutes(ApiRoutes api) {
    RouteAuthority party = RouteAuthority.use(rights, RELYING_PARTY);
    RouteAuthority feeOffice = RouteAuthority.use(rights, FEE_OFFICE);
    // J-LIS sees every party's usage; a party (J-LIS among them) its own.
    RouteAuthority usage =
        request ->
            rights.rowFor(request.caller(), FEE_OFFICE).isPresent()
                ? feeOffice.authorise(request)
                : party.authorise(request);
    OcspResource ocsp = jpki.ocspResource();
    CrlResource crls = jpki.crlResource();
    String resident = "/v1/municipalities/:lgCode/residents/:residentCode";
    api.route(HttpMethod.GET, "/v1/jpki/ca", "jpki.ca", "jpki")
        .open()
        .handledBy(jpki.caResource()::serve);
    api.route(HttpMethod.POST, OcspResource.PATH, "jpki.ocsp", "jpki")
        .accepts(OcspResource.REQUEST_TYPE)
        .authorisedBy(party)
        .handledBy(ocsp::post);
    api.route(HttpMethod.GET, OcspResource.PATH, "jpki.ocsp-get", "jpki")
        .rest("request")
        .authorisedBy(party)
        .handledBy(ocsp::get);
    api.route(HttpMethod.GET, "/v1/jpki/crl/:type", "jpki.crl", "jpki")
        .authorisedBy(party)
        .handledBy(crls::serve);
    api.route(HttpMethod.GET, "/v1/jpki/crl/:type/:shard", "jpki.crl-shard", "jpki")
        .authorisedBy(party)
        .handledBy(crls::serve);
    api.route(HttpMethod.POST, "/v1/jpki/verify", "jpki.verify", "jpki")
        .authorisedBy(party)
        .handledBy(verifiers::verify);
    api.route(HttpMethod.GET, "/v1/jpki/usage", "jpki.usage", "jpki")
        .authorisedBy(usage)
        .handledBy(verifiers::usage);
    api.route(HttpMethod.POST, "/v1/jpki/certificates/:serial/revoke", "jpki.revoke", "jpki")
        .authorisedBy(RouteAuthority.use(rights, REVOCATION))
        .audited(cards::revoke);
    api.route(HttpMethod.POST, resident + "/certificates", "jpki.issue", "jpki")
        .authorisedBy(RouteAuthority.use(rights, ISSUANCE, CardResource::municipality))
        .audited(201, cards::issue);
  }

  @Override
  public void close() {
    jpki.close();
  }
}
