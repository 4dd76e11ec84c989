package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Both JPKI CAs, their signers and a responder over a given source, answering on an event loop. */
final class OcspResponderFixture implements AutoCloseable {
  final JpkiAuthority sign;
  final JpkiAuthority auth;
  final OcspSigner signSigner;
  final OcspSigner authSigner;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Vertx vertx = Vertx.vertx();
  private final Context eventLoop = vertx.getOrCreateContext();
  private OcspResponder responder;

  OcspResponderFixture(Path directory) {
    sign = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
    auth = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.AUTH, Clock.systemUTC());
    signSigner = new OcspSigner(sign);
    authSigner = new OcspSigner(auth);
  }

  OcspResponder start(OcspStatusSource source, OcspResponderOptions options) {
    if (responder != null) {
      responder.close();
    }
    meters.clear();
    responder =
        new OcspResponder(
            vertx, List.of(signSigner, authSigner), source, options, Clock.systemUTC(), meters);
    return responder;
  }

  /** Asks on the event loop, as the HTTP route will, without waiting for the answer. */
  Future<Buffer> ask(byte[] request) {
    return Future.future(
        promise ->
            eventLoop.runOnContext(
                ignored -> responder.answer(Buffer.buffer(request)).onComplete(promise)));
  }

  byte[] answer(byte[] request) throws Exception {
    return ask(request)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .getBytes();
  }

  double count(String kind) {
    return meters.get(OcspMeters.RESPONSES).tag("kind", kind).counter().count();
  }

  @Override
  public void close() throws Exception {
    if (responder != null) {
      responder.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
