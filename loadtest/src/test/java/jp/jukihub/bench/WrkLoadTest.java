package jp.jukihub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkLoadTest {
  static final String OUTPUT =
      """
      Running 5s test @ http://127.0.0.1:41234/v1/identity/lookup
        1 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     1.02ms  512.00us  17.33ms   90.00%
          Req/Sec    36.60k     1.20k   38.00k    80.00%
        182000 requests in 5.00s, 88.00MB read
        Non-2xx or 3xx responses: 7
      Requests/sec:  36400.00
      Transfer/sec:     17.60MB
      JUKIHUB-WRK requests=182000 duration_us=5000000 p50_us=1030 p99_us=17330 non2xx=7 connect=1 read=2 write=0 timeout=3
      0m0.002s 0m0.001s
      1m1.250s 0m1.000s
      """;

  @Test
  void
      should_read_counts_percentiles_and_the_generators_cpu_from_the_scripts_summary_and_bash_times() {
    WrkLoad.Result result = WrkLoad.parse(OUTPUT);

    assertThat(result.requests()).isEqualTo(182_000);
    assertThat(result.non2xx()).isEqualTo(7);
    assertThat(result.socketErrors()).isEqualTo(6);
    assertThat(result.seconds()).isEqualTo(5.0);
    assertThat(result.perSecond()).isEqualTo((182_000 - 7) / 5.0);
    assertThat(result.p50Millis()).isEqualTo(1.03);
    assertThat(result.p99Millis()).isEqualTo(17.33);
    assertThat(result.cpuSeconds()).isEqualTo(62.25);
  }

  @Test
  void should_refuse_output_without_the_summary_line() {
    assertThatThrownBy(() -> WrkLoad.parse("unable to connect to 127.0.0.1:1 Connection refused"))
        .hasMessageContaining("no summary");
  }
}
