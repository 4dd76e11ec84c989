package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.audit.AuditQuery;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;
import jp.jukihub.portal.Notices;
import jp.jukihub.portal.PortalResidents;

/**
 * {@code GET /v1/portal/me}: the resident's own basic 4 info (自己情報), My Number masked unless {@code
 * reveal=myNumber} asks for it, their card's certificate, and how many notices are unread.
 */
final class MeResource {
  private static final Set<String> PARAMETERS = Set.of("reveal");
  private static final String MY_NUMBER = "myNumber";
  private static final int SHOWN_DIGITS = 4;

  private final ResidentFinder finder;
  private final Notices notices;
  private final MunicipalityCatalog catalog;

  MeResource(ResidentFinder finder, Notices notices, MunicipalityCatalog catalog) {
    this.finder = finder;
    this.notices = notices;
    this.catalog = catalog;
  }

  Future<JsonObject> me(RequestContext request) {
    String reveal = AuditQuery.of(request, PARAMETERS).token("reveal");
    if (reveal != null && !reveal.equals(MY_NUMBER)) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "reveal: only myNumber can be revealed");
    }
    boolean revealed = reveal != null;
    CardCheck.Holder holder = ResidentIdentityStage.resident(request);
    return finder
        .find(holder)
        .compose(
            person -> {
              request.notebook().subject(person.personId());
              return notices
                  .unread(person.subjects())
                  .map(unread -> answer(person.record(), holder, unread, revealed, request));
            });
  }

  private JsonObject answer(
      PortalResidents.Resident resident,
      CardCheck.Holder holder,
      long unread,
      boolean revealed,
      RequestContext request) {
    List<String> released =
        new ArrayList<>(List.of("name", "nameKana", "birthDate", "sex", "address"));
    String myNumber = resident.myNumber() == null ? null : resident.myNumber().value();
    if (myNumber != null) {
      released.add(revealed ? MY_NUMBER : "myNumberLastDigits");
    }
    request.notebook().released(released);
    String municipality =
        catalog
            .find(LgCode.of(resident.lgCode()))
            .map(found -> found.prefectureName() + found.name())
            .orElse("");
    return new JsonObject()
        .put(
            "name",
            new JsonObject().put("kanji", resident.nameKanji()).put("kana", resident.nameKana()))
        .put("birthDate", resident.birthDate().toString())
        .put("sex", resident.sex().label())
        .put("address", municipality + resident.addressRest())
        .put("myNumber", myNumber == null ? null : revealed ? myNumber : masked(myNumber))
        .put(
            "certificate",
            new JsonObject()
                .put("serial", Long.toHexString(holder.serial()).toUpperCase())
                .put("notAfter", holder.notAfter().toString()))
        .put("unreadNotices", unread);
  }

  static String masked(String myNumber) {
    int hidden = myNumber.length() - SHOWN_DIGITS;
    return "*".repeat(hidden) + myNumber.substring(hidden);
  }
}
