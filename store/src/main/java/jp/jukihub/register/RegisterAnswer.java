package jp.jukihub.register;

import io.vertx.core.json.JsonObject;

/**
 * What a municipal write or read answers: the JSON body, and whose record it is (the audit trail's
 * subject). A retry with an idempotency key gets the stored first answer as it was.
 */
public record RegisterAnswer(long personId, JsonObject body) {}
