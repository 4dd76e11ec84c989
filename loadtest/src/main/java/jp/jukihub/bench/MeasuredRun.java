package jp.jukihub.bench;

import java.util.Optional;

/**
 * One measured wrk run: the load's figures, what the hub saw meanwhile (null for a server that is
 * not a hub) and where the machine's CPU went.
 */
record MeasuredRun(WrkLoad.Result load, HubProbe.Seen seen, Optional<CpuUse.Split> cpu) {
  /** Runs a load. */
  interface Load {
    WrkLoad.Result run() throws Exception;
  }

  /**
   * Runs {@code load} between two CPU snapshots, and between a mark of {@code probe} (when not
   * null) and what it saw once the hub has settled.
   */
  static MeasuredRun measure(CpuUse cpu, HubProbe probe, Load load) throws Exception {
    HubProbe.Mark mark = probe == null ? null : probe.mark();
    CpuUse.Snapshot from = cpu.snapshot();
    WrkLoad.Result result = load.run();
    CpuUse.Snapshot to = cpu.snapshot();
    return new MeasuredRun(
        result,
        probe == null ? null : probe.since(mark),
        CpuUse.between(from, to, result.cpuSeconds()));
  }

  /** Requests per second answered 2xx. */
  double rate() {
    return load.perSecond();
  }

  /** Non-2xx answers and socket errors. */
  long errors() {
    return load.non2xx() + load.socketErrors();
  }

  String describeCpu() {
    return cpu.map(split -> split.describe("wrk") + "; " + split.perAnswer(load.perSecond()))
        .orElse("");
  }
}
