package org.divs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weights;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Benchmarks")
class BenchTest {
  @Test
  @DisplayName("The production merge and both plain loops compute the same weights, bit for bit")
  void mergeWaysAgree() {
    MergeBench bench = new MergeBench();
    bench.setUp();
    Weights[] all = bench.allWays();
    assertThat(all[0]).isEqualTo(all[1]).isEqualTo(all[2]);
  }

  @Test
  @DisplayName("Each codec's hop decodes near the target; bytes are 1, 1/2 and 1/4 of float32")
  void codecHops() {
    Weights[] pair = CodecBench.pair();
    for (WeightEncoding e : WeightEncoding.values()) {
      Weights got = CodecBench.hop(new WeightCompressor(e, CodecBench.TENSORS), pair[1], pair[0]);
      assertThat(got.distance(pair[1]) / pair[1].norm()).as(e.configName()).isLessThan(1e-3);
    }
    assertThat(CodecBench.bytesRatio("float32")).isCloseTo(1.0, within(1e-4));
    assertThat(CodecBench.bytesRatio("float16")).isCloseTo(0.5, within(1e-3));
    assertThat(CodecBench.bytesRatio("int8")).isCloseTo(0.25, within(1e-3));
  }

  @Test
  @DisplayName("Benchmark names map to include patterns of their classes")
  void names() {
    assertThat(Jmh.names()).containsExactly("merge", "codec");
    assertThat("org.divs.bench.MergeBench.production").containsPattern(Jmh.regexFor("merge"));
    assertThat("org.divs.bench.CodecBench.roundTrip").doesNotContainPattern(Jmh.regexFor("merge"));
    assertThat(Jmh.regexFor("Codec.*roundTrip")).isEqualTo("Codec.*roundTrip");
  }
}
