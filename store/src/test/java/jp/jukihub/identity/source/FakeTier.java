package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;

/**
 * A tier for the links' tests: answers finds and searches with what the test gave it (the last
 * answer again when it runs out), and counts the reads and the reaches they came with.
 */
final class FakeTier implements TierSource {
  static final IdentityKey KEY = new IdentityKey(IdentityKey.Kind.MY_NUMBER, "123456789018");
  static final FourInfoQuery QUERY =
      new FourInfoQuery(
          "ヤマダ\u3000ハナコ",
          LocalDate.of(1990, 1, 1),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  private final Deque<Supplier<Future<Optional<Found>>>> finds = new ArrayDeque<>();
  private final Deque<Supplier<Future<Candidates>>> searches = new ArrayDeque<>();
  int reads;
  Reach lastReach;

  static IdentityRecord person(long personId, int version, String status) {
    return new IdentityRecord(
        personId,
        LgCode.of("131016"),
        "R" + personId,
        null,
        "山田\u3000花子",
        "ヤマダ\u3000ハナコ",
        LocalDate.of(1990, 1, 1),
        Sex.FEMALE,
        "九段南1丁目",
        status,
        version,
        Instant.parse("2025-01-01T00:00:00Z"),
        null,
        null,
        null);
  }

  static Found found(long personId, int version, String status, ServedBy by) {
    return new Found(person(personId, version, status), by);
  }

  FakeTier finding(Found found) {
    finds.add(() -> Future.succeededFuture(Optional.of(found)));
    return this;
  }

  FakeTier findingNobody() {
    finds.add(() -> Future.succeededFuture(Optional.empty()));
    return this;
  }

  FakeTier failing(Throwable cause) {
    finds.add(() -> Future.failedFuture(cause));
    searches.add(() -> Future.failedFuture(cause));
    return this;
  }

  /** Never answers: a tier that hangs. */
  FakeTier hanging() {
    finds.add(() -> io.vertx.core.Promise.<Optional<Found>>promise().future());
    searches.add(() -> io.vertx.core.Promise.<Candidates>promise().future());
    return this;
  }

  FakeTier searching(Candidates candidates) {
    searches.add(() -> Future.succeededFuture(candidates));
    return this;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    reads++;
    lastReach = reach;
    return (finds.size() > 1 ? finds.poll() : finds.peek()).get();
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    reads++;
    lastReach = reach;
    return (searches.size() > 1 ? searches.poll() : searches.peek()).get();
  }

  static Candidates candidates(ServedBy by, IdentityRecord... records) {
    return new Candidates(List.of(records), by);
  }
}
