package org.divs.cli;

/** Placeholder entry point. */
public final class Divs {
  private Divs() {}

  public static void main(String[] args) {}
}
