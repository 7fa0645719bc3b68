package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.divs.bus.Addresses;
import org.divs.sync.WeightEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare path's aggregator of {@code divs bench round-transport}, beside the production one in
 * the same JVM: acknowledges each child's raw buffer and, once both children's are in, requests the
 * top to take a raw buffer the size of a float32 partial. No decoding, no merge.
 */
final class BareAggregator extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BareAggregator.class);

  private final String id;
  private final Buffer partial;
  private final int children;
  private final Map<String, Integer> received = new HashMap<>();
  private final Map<String, Integer> updateBytes = new HashMap<>();
  private final int[] tensorLengths;

  BareAggregator(String id, int[] tensorLengths) {
    this.id = id;
    this.partial =
        Buffer.buffer(new byte[TransportCity.messageBytes(WeightEncoding.F32, tensorLengths)]);
    this.children = TransportCity.leavesUnder(id).size();
    this.tensorLengths = tensorLengths.clone();
  }

  @Override
  public Future<?> start() {
    List<Future<?>> ready = new ArrayList<>();
    for (WeightEncoding e : WeightEncoding.values()) {
      String task = TransportCity.task(e);
      updateBytes.put(task, TransportCity.messageBytes(e, tensorLengths));
      MessageConsumer<Buffer> c =
          vertx.eventBus().consumer(Addresses.benchBareUp(id, task), m -> onChild(task, m));
      ready.add(c.completion());
    }
    return Future.all(ready);
  }

  private void onChild(String task, Message<Buffer> m) {
    int bytes = m.body().length();
    if (bytes != updateBytes.get(task)) {
      m.fail(400, "a bare update of " + bytes + " bytes, not " + updateBytes.get(task));
      return;
    }
    m.reply(Buffer.buffer());
    int n = received.merge(task, 1, Integer::sum);
    if (n < children) {
      return;
    }
    received.put(task, 0);
    vertx
        .eventBus()
        .request(
            Addresses.benchBareUp(TransportCity.TOP, task),
            partial,
            new DeliveryOptions()
                .setSendTimeout(TransportLeaf.TIMEOUT_MS)
                .addHeader(TransportTop.FROM, id))
        .onFailure(e -> LOG.error("{}: bare partial of {} not taken", id, task, e));
  }
}
