package jp.jukihub.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.List;
import jp.jukihub.gateway.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {
  private final Vertx vertx = Vertx.vertx();
  private final ApiRoutes api =
      new ApiRoutes(Router.router(vertx), Pipeline.of(List.of()), null, null, 1024);

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void should_refuse_a_route_when_it_says_nothing_of_its_authorisation() {
    assertThatThrownBy(
            () ->
                api.route(HttpMethod.GET, "/v1/things", "things.list", "things")
                    .handledBy(routing -> routing.end()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("route 'things.list' says neither how it is authorised");
    assertThat(api.declared()).isEmpty();
  }

  @Test
  void should_describe_parameters_custom_methods_and_rests_as_openapi_does() {
    api.route(HttpMethod.GET, "/v1/things/:id", "things.one", "things")
        .open()
        .handledBy(routing -> routing.end());
    api.route(HttpMethod.POST, "/v1/things:batch", "things.batch", "things")
        .authorisedPerItem()
        .streamed(routing -> routing.end());
    api.route(HttpMethod.GET, "/v1/ocsp", "things.rest", "things")
        .rest("request")
        .open()
        .handledBy(routing -> routing.end());
    assertThat(api.declared())
        .containsExactly("GET /v1/things/{id}", "POST /v1/things:batch", "GET /v1/ocsp/{request}");
  }
}
