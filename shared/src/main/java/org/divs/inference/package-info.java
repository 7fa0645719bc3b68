/**
 * Live inference bookkeeping without Vert.x or DJL types: the bounded queue that gives every chunk
 * exactly one result, the model slot swapped between chunks, latency percentiles and the forecast's
 * running error.
 */
package org.divs.inference;
