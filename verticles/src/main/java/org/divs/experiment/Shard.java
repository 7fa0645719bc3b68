package org.divs.experiment;

/** The training samples one edge holds (or, for the centralised baseline, all of them). */
interface Shard {

  /** Samples held. */
  int size();

  /** Copies sample {@code i} into slot {@code slot} of a minibatch. */
  void copy(int i, Minibatch batch, int slot);
}
