package jp.jukihub.gateway.body;

import java.util.Optional;
import jp.jukihub.number.CorporateNumber;
import jp.jukihub.number.LgCode;

/**
 * A registered calling body: a ministry, agency, prefecture, municipality, J-LIS, an approved
 * signature verifier, My Portal, or the audit office. Local governments are identified by their
 * LgCode, everyone else by their corporate number.
 */
public record Body(
    String id,
    String name,
    BodyKind kind,
    Zone zone,
    Optional<LgCode> lgCode,
    Optional<CorporateNumber> corporateNumber) {}
