package org.divs.source;

import java.util.List;
import org.divs.bus.Annotation;

/**
 * One frame produced by a source, before the terminal numbers it.
 *
 * @param timeMs stream time in ms
 * @param jpeg the JPEG bytes (owned by the receiver)
 * @param annotations labelled boxes, possibly none
 */
public record SourceFrame(long timeMs, byte[] jpeg, List<Annotation> annotations) {}
