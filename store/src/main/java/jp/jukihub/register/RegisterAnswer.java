package jp.jukihub.register;

import io.vertx.core.json.JsonObject;

/**
 * What a municipal write or read answers: the JSON body, and whose record it is (the audit
 * trail's subject). {@code replayed} marks the stored first answer to an idempotent retry.
 */
public record RegisterAnswer(long personId, JsonObject body, boolean replayed) {}
