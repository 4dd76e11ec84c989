package jp.jukihub.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what Vert.x would refuse on its own, in its own way, before any handler of ours sees it:
 *
 * <ul>
 *   <li>a request line with an HTTP version other than 1.0 and 1.1 ({@code HTTP/2.0}, {@code
 *       HTTP/1.7}): 400 problem+json on an {@code HTTP/1.1} status line, where Vert.x answers a
 *       bare 501 that repeats the caller's version (400, not 505: the mistake is the client's, and
 *       a 5xx would count among the hub's own errors);
 *   <li>a body whose framing breaks (a chunk size that is not hex): 400 problem+json, where Vert.x
 *       closes the connection without a word and the route logs an internal error.
 * </ul>
 *
 * Either way the connection is then closed: nothing after a broken request can be trusted. It sits
 * in the connection's Netty pipeline, just before Vert.x's own handler, and watches the answers
 * going out so as never to start a second one over an answer already under way.
 */
final class FramingGuard extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(FramingGuard.class);
  // Vert.x's name for its connection handler, the last in an HTTP/1.x pipeline.
  private static final String VERTX_HANDLER = "handler";
  private static volatile boolean warned;

  // Set once a request was refused: whatever else comes in or would go out is dropped.
  private boolean refused;
  // The current request has its answer's head out already (a route may answer before the body).
  private boolean answered;

  /** Guards {@code connection}'s requests, when it is HTTP/1.x on a pipeline we know. */
  static void guard(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(VERTX_HANDLER) == null) {
      if (!warned) {
        warned = true;
        log.warn(
            "no '{}' in the connection's pipeline (HTTP/2?): broken framing and unknown HTTP"
                + " versions get Vert.x's answers",
            VERTX_HANDLER);
      }
      return;
    }
    pipeline.addBefore(VERTX_HANDLER, "jukihub-framing-guard", new FramingGuard());
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (refused) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (message instanceof HttpRequest) {
      answered = false;
    }
    if (message instanceof HttpRequest request
        && request.protocolVersion() != HttpVersion.HTTP_1_1
        && request.protocolVersion() != HttpVersion.HTTP_1_0) {
      refuse(
          context,
          message,
          new HubException(
              ErrorCode.UNSUPPORTED_HTTP_VERSION, "send the request as HTTP/1.1 (or HTTP/1.0)"));
      return;
    }
    if (message instanceof HttpContent content
        && !(message instanceof HttpRequest)
        && content.decoderResult().isFailure()) {
      refuse(
          context,
          message,
          new HubException(ErrorCode.INVALID_REQUEST, "the request's body framing is broken"));
      return;
    }
    context.fireChannelRead(message);
  }

  @Override
  public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
    if (refused) {
      // Vert.x's own answer to the request we refused (its route may not have waited for the
      // body): the connection is closing on ours.
      ReferenceCountUtil.release(message);
      promise.trySuccess();
      return;
    }
    if (message instanceof HttpResponse) {
      answered = true;
    }
    context.write(message, promise);
  }

  private void refuse(ChannelHandlerContext context, Object message, HubException problem) {
    ReferenceCountUtil.release(message);
    if (answered) {
      refused = true;
      // The request has its answer, or part of it: a second one would corrupt it. What of it is
      // written goes out before the close.
      context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ChannelFuture sent = context.writeAndFlush(answer(problem));
    refused = true;
    sent.addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse answer(HubException problem) {
    Answer answer = ProblemResponder.answer(problem, null);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(answer.body().getBytes()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }
}
