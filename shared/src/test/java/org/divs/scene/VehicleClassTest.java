package org.divs.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VehicleClass")
class VehicleClassTest {

  @Test
  @DisplayName("labels are the lower-case folder names of the crop data set")
  void labelsMatchFolders() {
    assertThat(Arrays.stream(VehicleClass.values()).map(VehicleClass::label))
        .containsExactly("bike", "car", "juggernaut", "minibus", "pickup", "truck");
  }

  @Test
  @DisplayName("fromLabel inverts label, ignoring case and blanks, and rejects unknown labels")
  void fromLabelRoundTrips() {
    for (VehicleClass c : VehicleClass.values()) {
      assertThat(VehicleClass.fromLabel(c.label())).isEqualTo(c);
      assertThat(VehicleClass.fromLabel(" " + c.name() + "\n")).isEqualTo(c);
    }
    assertThatThrownBy(() -> VehicleClass.fromLabel("tram"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VehicleClass.fromLabel(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
