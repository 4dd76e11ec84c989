package jp.jukihub.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestShapeTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "/v1/bodies/me, true",
    "/v1/jpki/ocsp/MEow%2FMEgw, true",
    "/v1/audit/records?from=2026-01-01T00%3A00%3A00Z, true",
    "/v1/bodies/%zz, false",
    "/v1/bodies/me%, false",
    "/v1/bodies/me%4, false",
    "/v1/bodies/%4g, false",
    "/v1/audit/records?from=%, false",
  })
  void should_take_only_whole_percent_escapes(String uri, boolean whole) {
    assertThat(RequestShape.escapesAreWhole(uri)).isEqualTo(whole);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          application/json                         | true
          Application/JSON                         | true
          application/json; charset=utf-8          | true
          application/json;charset="UTF-8"         | true
          application/json; charset=iso-8859-1     | false
          application/json-patch+json              | false
          text/plain                               | false
          multipart/form-data; boundary=x          | false
          ''                                       | false
          """)
  void should_take_json_in_utf_8_only(String contentType, boolean taken) {
    assertThat(ContentTypeCheck.json().takes(contentType)).isEqualTo(taken);
  }
}
