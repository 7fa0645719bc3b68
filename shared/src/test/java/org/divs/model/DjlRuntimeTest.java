package org.divs.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DjlRuntime")
class DjlRuntimeTest {

  @Test
  @DisplayName("Intra-op threads are cores divided by trainers, at least one")
  void threadsRule() {
    assertThat(DjlRuntime.intraOpThreads(2, 1)).isEqualTo(2);
    assertThat(DjlRuntime.intraOpThreads(2, 2)).isEqualTo(1);
    assertThat(DjlRuntime.intraOpThreads(2, 3)).isEqualTo(1);
    assertThat(DjlRuntime.intraOpThreads(8, 3)).isEqualTo(2);
    assertThat(DjlRuntime.intraOpThreads(1, 0)).isEqualTo(1);
  }

  @Test
  @DisplayName("Loading keeps thread settings already given as system properties, offline")
  void loadKeepsProperties() {
    String before = System.getProperty(DjlRuntime.NUM_THREADS);
    Engine engine = DjlRuntime.load(4, 2);
    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(System.getProperty(DjlRuntime.OFFLINE)).isEqualTo("true");
    if (before != null) {
      assertThat(System.getProperty(DjlRuntime.NUM_THREADS)).isEqualTo(before);
    }
  }
}
