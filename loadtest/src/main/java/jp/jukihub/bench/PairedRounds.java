package jp.jukihub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A load under test and its baseline, measured in alternating rounds of one run: odd rounds run the
 * baseline first, even rounds the subject, so drift (autovacuum, checkpoints, the other users of
 * the machine) hits both alike. The ratio is the median of each round's subject / baseline, so
 * drift between rounds cancels within a round.
 */
record PairedRounds(List<MeasuredRun> baselines, List<MeasuredRun> subjects) {
  /** Prints a round as soon as both of its runs are done. */
  interface Report {
    void round(int round, MeasuredRun baseline, MeasuredRun subject);
  }

  PairedRounds {
    baselines = List.copyOf(baselines);
    subjects = List.copyOf(subjects);
    if (baselines.size() != subjects.size() || baselines.isEmpty()) {
      throw new IllegalArgumentException("one baseline run and one subject run a round");
    }
  }

  /** Measures one run. */
  interface Run {
    MeasuredRun measure() throws Exception;
  }

  static PairedRounds alternate(int rounds, Run baseline, Run subject, Report report)
      throws Exception {
    List<MeasuredRun> baselines = new ArrayList<>();
    List<MeasuredRun> subjects = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      MeasuredRun base;
      MeasuredRun under;
      if (round % 2 == 1) {
        base = baseline.measure();
        under = subject.measure();
      } else {
        under = subject.measure();
        base = baseline.measure();
      }
      baselines.add(base);
      subjects.add(under);
      report.round(round, base, under);
    }
    return new PairedRounds(baselines, subjects);
  }

  double baselineRate() {
    return Median.of(baselines.stream().map(MeasuredRun::rate).toList());
  }

  double subjectRate() {
    return Median.of(subjects.stream().map(MeasuredRun::rate).toList());
  }

  /** The median of the rounds' subject / baseline. */
  double ratio() {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      ratios.add(subjects.get(i).rate() / baselines.get(i).rate());
    }
    return Median.of(ratios);
  }

  Stream<MeasuredRun> all() {
    return Stream.concat(subjects.stream(), baselines.stream());
  }
}
