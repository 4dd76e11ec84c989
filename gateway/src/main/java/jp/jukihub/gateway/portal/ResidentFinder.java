package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import java.util.List;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.portal.PortalResidents;
import jp.jukihub.provision.NetworkKey;

/**
 * The person behind a checked card, from J-LIS's national copy, with the subjects their records are
 * kept under: the person id (identity lookups, register changes, certificates, portal reads) and
 * the pseudonymous subject of their exchange records (derived from the network's link, which only
 * the network can make).
 */
final class ResidentFinder {
  private final PortalResidents residents;
  private final NetworkKey network;

  ResidentFinder(PortalResidents residents, NetworkKey network) {
    this.residents = residents;
    this.network = network;
  }

  /** A resident signed in: who they are, and where their records are. */
  record Person(PortalResidents.Resident record, byte[] link, List<Long> subjects) {
    long personId() {
      return record.personId();
    }

    @Override
    public String toString() {
      return "Person(signed in)";
    }
  }

  Future<Person> find(CardCheck.Holder holder) {
    return residents
        .byPersonId(holder.personId())
        .map(
            found -> {
              PortalResidents.Resident record =
                  found.orElseThrow(
                      // A card whose person J-LIS no longer holds: nothing to show, nothing to say.
                      () ->
                          new HubException(
                              ErrorCode.CARD_NOT_RECOGNISED,
                              "J-LIS holds no record for this card; ask your municipality"));
              byte[] link = network.link(record.residentCode());
              return new Person(
                  record, link, List.of(record.personId(), network.recordSubject(link)));
            });
  }
}
