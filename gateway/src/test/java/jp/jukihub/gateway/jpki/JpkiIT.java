package jp.jukihub.gateway.jpki;

import org.junit.jupiter.api.BeforeAll;

/** The JPKI scenarios on a hub holding pre-signed OCSP answers in memory, as by default. */
class JpkiIT extends JpkiScenarios {
  @BeforeAll
  static void start() throws Exception {
    startHolding(256);
  }
}
