/** Durable delivery from a terminal to its edge: a bounded window of chunks with resends. */
package org.divs.delivery;
