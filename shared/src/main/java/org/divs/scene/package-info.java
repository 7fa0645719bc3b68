/**
 * A seeded synthetic traffic scene: the {@code synthetic} frame source and its ground truth.
 *
 * <p>{@link org.divs.scene.SceneRenderer} renders a road seen from a pole camera with vehicles of
 * the six {@link org.divs.scene.VehicleClass}es, which differ by geometry only and share one colour
 * {@link org.divs.scene.Palette}; each {@link org.divs.scene.Frame} carries its {@link
 * org.divs.scene.Annotation}s and entry/exit events for the flow series. {@link
 * org.divs.scene.Crops} cuts annotated vehicles into the CNN's 3x64x64 input; {@link
 * org.divs.scene.SampleSet} renders balanced labelled crop sets directly. Plain Java and Java2D, no
 * Vert.x.
 */
package org.divs.scene;
