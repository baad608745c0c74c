/**
 * How news travels between the model's tabs: `BroadcastChannel` messages and `storage` events land when the
 * fast-check scheduler says, each after the previous one between the same two ends (as a browser queues them as
 * tasks), and the world can wait for everything on its way.
 */

import type fc from 'fast-check';
import type { ChannelHub, ModelChannel } from './modelBrowser.js';
import { outsidePages, whenBack } from './modelRealm.js';

export class ModelDeliveries implements ChannelHub {
  readonly channels = new Set<ModelChannel>();
  readonly #onTheWay = new Set<Promise<void>>();

  constructor(private readonly scheduler: fc.Scheduler) {}

  /**
   * Sends `data` to every other channel of the name. Messages of one sender reach each receiver in the order they
   * were sent, as with `BroadcastChannel`; the scheduler picks when, and how they interleave with the rest. A page in
   * the back-forward cache gets nothing sent meanwhile; one that lands as its page is away waits until it is back
   * (it was queued as a task of the page before it went).
   */
  deliver(from: ModelChannel, data: unknown): void {
    if (from.page?.away?.forGood === true) return;
    for (const channel of this.channels) {
      if (channel !== from && channel.name === from.name && channel.page?.away?.dropsNews !== true) {
        from.lastTo.set(
          channel,
          this.inOrder(from.lastTo.get(channel), () => whenBack(channel.page, () => channel.receive(data))),
        );
      }
    }
  }

  /** Lands `land` when the scheduler says (or once `withinMs` passed, if given), after `previous` landed. */
  inOrder(previous: Promise<void> | undefined, land: () => void, withinMs?: number): Promise<void> {
    const picked = this.scheduler.schedule(Promise.resolve(), 'message');
    // The bound is the browser's, not a timer of the sending page: a page frozen right after its write (its `storage`
    // change on its way to the browser process already) does not hold the change back from the other pages.
    const bound = (resolve: () => void) => outsidePages(() => setTimeout(resolve, withinMs));
    const due = withinMs === undefined ? picked : Promise.race([picked, new Promise<void>(bound)]);
    const landed = Promise.all([previous, due]).then(land);
    this.#onTheWay.add(landed);
    void landed.finally(() => this.#onTheWay.delete(landed));
    return landed;
  }

  /**
   * Lets everything on its way land (with answers of Fief, in the order the scheduler picks, as it needs them). A
   * browser delivers a message between live tabs within milliseconds: before a timer of a second fires.
   */
  async landMessages(): Promise<void> {
    while (this.#onTheWay.size > 0) {
      await this.scheduler.waitFor(Promise.all([...this.#onTheWay]));
    }
  }
}
