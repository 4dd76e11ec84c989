package jp.jukihub.gateway.jpki;

import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.number.CorporateNumber;

/**
 * The registered signature verifiers (署名検証者): government bodies, and private businesses the
 * Minister approved (registered as {@code verifier}), each known by its corporate number, under
 * which its checks are metered. The audit office and other operators check nothing.
 */
public final class RelyingParties {
  /** Government, or a private business with the Minister's approval. */
  public enum Category {
    GOVERNMENT("government"),
    APPROVED_PRIVATE("approved-private");

    private final String label;

    Category(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public record RelyingParty(CorporateNumber corporateNumber, String name, Category category) {}

  private final Map<String, RelyingParty> byBody = new HashMap<>();

  public RelyingParties(BodyRegistry bodies) {
    for (Body body : bodies.all()) {
      of(body).ifPresent(party -> byBody.put(body.id(), party));
    }
  }

  /**
   * The relying party calling this route, which the authorisation stage admitted ({@link
   * JpkiCapability#RIGHTS}): a registered signature verifier, metered by its corporate number.
   */
  public RelyingParty party(RoutingContext routing) {
    Body caller =
        RequestContext.of(routing)
            .orElseThrow(() -> new IllegalStateException("the pipeline did not run"))
            .caller();
    return find(caller)
        .orElseThrow(() -> new IllegalStateException("a route of relying parties let in another"));
  }

  /** Whether a calling body is a registered signature verifier. */
  public boolean isParty(Body caller) {
    return byBody.containsKey(caller.id());
  }

  /** The relying party a calling body is, if it is one. */
  public Optional<RelyingParty> find(Body caller) {
    return Optional.ofNullable(byBody.get(caller.id()));
  }

  private static Optional<RelyingParty> of(Body body) {
    Category category =
        switch (body.kind()) {
          case VERIFIER -> Category.APPROVED_PRIVATE;
          case NATIONAL_BODY, PREFECTURE, MUNICIPALITY, JLIS, PORTAL -> Category.GOVERNMENT;
          case OPS -> null;
        };
    if (category == null) {
      return Optional.empty();
    }
    // Local governments are registered by their code; their corporate number follows from it.
    Optional<CorporateNumber> number =
        body.corporateNumber().or(() -> body.lgCode().map(CorporateNumber::ofLocalGovernment));
    return number.map(n -> new RelyingParty(n, body.name(), category));
  }
}
