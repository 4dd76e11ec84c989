package jp.jukihub.register;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;

/**
 * How register answers show what depends on more than the record: the municipality's names from its
 * code, and My Number only once it has gone live ({@link GoLive}).
 */
public final class RegisterView {
  private final MunicipalityCatalog catalog;
  private final GoLive goLive;
  private final Clock clock;

  public RegisterView(MunicipalityCatalog catalog, GoLive goLive, Clock clock) {
    this.catalog = catalog;
    this.goLive = goLive;
    this.clock = clock;
  }

  JsonObject address(LgCode code, String rest) {
    JsonObject address = new JsonObject().put("lgCode", code.value());
    catalog
        .find(code)
        .ifPresent(
            m -> address.put("prefecture", m.prefectureName()).put("municipality", m.name()));
    return address.put("rest", rest);
  }

  boolean numbersVisible() {
    return goLive.numbersVisible(clock.instant());
  }

  GoLive goLive() {
    return goLive;
  }

  /** Adds {@code myNumber} when it is live; before go-live, says when it will be instead. */
  void putMyNumber(JsonObject json, String myNumber) {
    if (myNumber == null) {
      return;
    }
    if (numbersVisible()) {
      json.put("myNumber", myNumber);
    } else {
      json.put("myNumberFrom", goLive.at().toString());
    }
  }

  boolean knows(LgCode code) {
    return catalog.find(code).isPresent();
  }
}
