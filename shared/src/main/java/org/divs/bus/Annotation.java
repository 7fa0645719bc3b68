package org.divs.bus;

/** One labelled box in a frame: a class label and its bounding box in pixels. */
public record Annotation(String label, int x, int y, int width, int height) {}
