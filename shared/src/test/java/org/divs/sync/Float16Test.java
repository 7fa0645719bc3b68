package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("float16 conversion")
class Float16Test {
  private static int bits(float f) {
    return Float16.fromFloat(f) & 0xffff;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.0, 0x3c00",
    "-2.0, 0xc000",
    "0.0, 0x0000",
    "-0.0, 0x8000",
    "0.5, 0x3800",
    "0.1, 0x2e66",
    "0.33333334, 0x3555",
    "3.1415927, 0x4248",
    "65504, 0x7bff",
    "65519.996, 0x7bff",
    "65520, 0x7c00",
    "1e6, 0x7c00",
    "-1e6, 0xfc00",
    "Infinity, 0x7c00",
    "-Infinity, 0xfc00",
    "6.1035156E-5, 0x0400",
    "6.097555E-5, 0x03ff",
    "5.9604645E-8, 0x0001",
    "2.9802322E-8, 0x0000",
    "2.9802326E-8, 0x0001",
    "8.940697E-8, 0x0002",
    "1.0004883, 0x3c00",
    "1.0014648, 0x3c02",
    "1.0009766, 0x3c01",
    "2048.0, 0x6800",
    "2049.0, 0x6800",
    "2051.0, 0x6802",
  })
  @DisplayName("Known values round to nearest, ties to even, with overflow and subnormals")
  void knownValues(float f, String hex) {
    assertThat(Integer.toHexString(bits(f))).isEqualTo(Integer.toHexString(Integer.decode(hex)));
  }

  @Test
  @DisplayName("NaN stays NaN")
  void nan() {
    assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN)))).isTrue();
  }

  @Test
  @DisplayName("Every half survives half -> float -> half unchanged")
  void everyHalfRoundTrips() {
    for (int h = 0; h < 1 << 16; h++) {
      float f = Float16.toFloat((short) h);
      if (Float.isNaN(f)) {
        continue;
      }
      assertThat(bits(f)).as("half %04x", h).isEqualTo(h);
    }
  }

  @Property(tries = 2000)
  @Label("A float becomes the nearest half, and the even one on a tie")
  void nearest(@ForAll float f) {
    if (!Float.isFinite(f) || Math.abs(f) >= 65520f) {
      return;
    }
    int h = bits(f);
    double got = Float16.toFloat((short) h);
    double err = Math.abs(got - f);
    for (int neighbour : new int[] {h - 1, h + 1}) {
      if (neighbour < 0 || (neighbour & 0x7fff) >= 0x7c00) {
        continue;
      }
      double other = Math.abs(Float16.toFloat((short) neighbour) - (double) f);
      assertThat(err).isLessThanOrEqualTo(other);
      if (err == other) {
        assertThat(h & 1).as("tie goes to the even half").isZero();
      }
    }
  }

  @Test
  @DisplayName(
      "The branch-free rounding of a normal half gives fromFloat's half and value for every float"
          + " of the lowest and the highest binade the encoder uses, both signs")
  void roundNormalExhaustive() {
    for (float low : new float[] {0x1p-14f, 1f, 0x1p14f}) {
      int from = Float.floatToRawIntBits(low);
      for (int m = 0; m < 1 << 23; m++) {
        for (int sign : new int[] {0, 0x8000_0000}) {
          float x = Float.intBitsToFloat(sign | (from + m));
          short h = Float16.fromFloat(x);
          float r = Float16.roundNormal(x);
          if (Float.floatToRawIntBits(r) != Float.floatToRawIntBits(Float16.toFloat(h))
              || Float16.bitsOfNormal(r) != h) {
            assertThat(Integer.toHexString(Float16.bitsOfNormal(r) & 0xffff))
                .as("%s (bits %08x)", x, Float.floatToRawIntBits(x))
                .isEqualTo(Integer.toHexString(h & 0xffff));
            assertThat(r).as("%s", x).isEqualTo(Float16.toFloat(h));
          }
        }
      }
    }
  }
}
