/**
 * DIVS nodes as operating-system processes: start a node JVM with a topology and a node name,
 * capture its output, wait for it to be ready or for the console to show a state, kill it with its
 * descendants. Shared by {@code divs bench cluster} and the multi-process tests.
 */
package org.divs.proc;
