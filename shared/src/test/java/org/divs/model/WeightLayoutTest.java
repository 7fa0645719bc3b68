package org.divs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WeightLayout")
class WeightLayoutTest {

  private Model model;
  private Block block;
  private WeightLayout layout;

  @BeforeAll
  static void loadEngine() {
    DjlRuntime.load(1, 1);
  }

  @BeforeEach
  void initialiseCnn() {
    model = Model.newInstance("layout-test", Device.cpu(), DjlRuntime.ENGINE);
    block = new CnnSpec(3).newBlock();
    model.setBlock(block);
    block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
    layout = WeightLayout.of(block);
  }

  @AfterEach
  void closeModel() {
    model.close();
  }

  @Test
  @DisplayName("The CNN has about 0.7M parameters, all conv or linear weights and biases")
  void cnnSize() {
    assertThat(layout.size()).isBetween(600_000, 800_000);
    assertThat(layout.entries())
        .extracting(WeightLayout.Entry::name)
        .allMatch(n -> n.matches("\\d+(Conv2d|Linear)_(weight|bias)"));
    assertThat(layout.entries()).hasSize(10);
    int expectedOffset = 0;
    for (WeightLayout.Entry e : layout.entries()) {
      assertThat(e.offset()).isEqualTo(expectedOffset);
      expectedOffset += e.length();
    }
    assertThat(expectedOffset).isEqualTo(layout.size());
  }

  @Test
  @DisplayName("Writing what was read gives back identical floats")
  void roundTrip() {
    float[] original = layout.read(block);
    float[] other = layout.initialWeights(99);
    layout.write(block, other);
    assertThat(layout.read(block)).isEqualTo(other);
    layout.write(block, original);
    assertThat(layout.read(block)).isEqualTo(original);
  }

  @Test
  @DisplayName("Two CNNs with the same class count share a signature; another class count does not")
  void signatures() {
    try (Model other = Model.newInstance("other", Device.cpu(), DjlRuntime.ENGINE);
        Model four = Model.newInstance("four", Device.cpu(), DjlRuntime.ENGINE)) {
      Block same = new CnnSpec(3).newBlock();
      other.setBlock(same);
      same.initialize(other.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
      Block different = new CnnSpec(4).newBlock();
      four.setBlock(different);
      different.initialize(four.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));

      assertThat(WeightLayout.of(same).signature()).isEqualTo(layout.signature());
      assertThat(WeightLayout.of(same)).isEqualTo(layout);
      assertThat(WeightLayout.of(different).signature()).isNotEqualTo(layout.signature());
      assertThatThrownBy(() -> layout.write(different, layout.initialWeights(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("13Linear_weight");
    }
  }

  @Test
  @DisplayName("A weight set of the wrong length is refused, naming expected and actual length")
  void wrongLength() {
    float[] before = layout.read(block);
    assertThatThrownBy(() -> layout.write(block, new float[layout.size() - 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(layout.size() - 1))
        .hasMessageContaining("expected " + layout.size());
    assertThat(layout.read(block)).isEqualTo(before);
  }

  @Test
  @DisplayName("A NaN or infinite weight is refused, naming the parameter, and nothing is written")
  void nonFinite() {
    float[] before = layout.read(block);
    WeightLayout.Entry linear = layout.entries().get(4);
    float[] withNan = layout.initialWeights(3);
    withNan[linear.offset() + 7] = Float.NaN;
    assertThatThrownBy(() -> layout.write(block, withNan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN")
        .hasMessageContaining(linear.name())
        .hasMessageContaining("element 7");
    float[] withInf = layout.initialWeights(3);
    withInf[layout.size() - 1] = Float.NEGATIVE_INFINITY;
    assertThatThrownBy(() -> layout.write(block, withInf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity")
        .hasMessageContaining(layout.entries().get(9).name());
    assertThat(layout.read(block)).isEqualTo(before);
  }

  @Test
  @DisplayName("Initial weights depend only on the seed, with zero biases")
  void initialWeights() {
    assertThat(layout.initialWeights(5)).isEqualTo(layout.initialWeights(5));
    assertThat(layout.initialWeights(5)).isNotEqualTo(layout.initialWeights(6));
    float[] w = layout.initialWeights(5);
    for (WeightLayout.Entry e : layout.entries()) {
      boolean bias = e.shape().dimension() == 1;
      double sumAbs = 0;
      for (int i = e.offset(); i < e.offset() + e.length(); i++) {
        sumAbs += Math.abs(w[i]);
      }
      if (bias) {
        assertThat(sumAbs).as(e.name()).isZero();
      } else {
        assertThat(sumAbs).as(e.name()).isPositive();
      }
    }
  }
}
