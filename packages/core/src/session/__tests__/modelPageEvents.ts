/**
 * The page events of the model's browser (`pageshow`, `visibilitychange`, `online`), which the engine listens to on
 * `window` and `document` (`pageEvents.ts`). The tabs share one Node realm, so the model stubs both globals: each
 * listener belongs to the page that added it, and an event fires in one page only.
 */

import { vi } from 'vitest';
import { boundToPage, currentPage, type ModelPage } from './modelRealm.js';

type Listener = (event: object) => void;
type Target = 'window' | 'document';

export class ModelPageEvents {
  /** Per page id and `target:type`, each listener added and the same bound to its page. */
  readonly #listeners = new Map<number, Map<string, Map<Listener, Listener>>>();

  /** Stubs `window` and `document` (their listeners, and the visibility the running page has). */
  install(): void {
    vi.stubGlobal('window', this.#target('window'));
    vi.stubGlobal('document', {
      ...this.#target('document'),
      get visibilityState(): DocumentVisibilityState {
        return currentPage()?.away ? 'hidden' : 'visible';
      },
    });
  }

  /** Fires `type` at `target` in `page`: its listeners run as its code. */
  fire(page: ModelPage, target: Target, type: string, event: object = {}): void {
    const listeners = this.#listeners.get(page.id)?.get(`${target}:${type}`);
    for (const listener of [...(listeners?.values() ?? [])]) listener(event);
  }

  /** How many listeners `page` has for `type` at `target` (a leak shows as more than its engine adds). */
  count(page: ModelPage, target: Target, type: string): number {
    return this.#listeners.get(page.id)?.get(`${target}:${type}`)?.size ?? 0;
  }

  #target(target: Target) {
    const of = (type: string) => {
      const page = currentPage();
      if (page === undefined) return undefined;
      const ofPage = this.#listeners.get(page.id) ?? new Map<string, Map<Listener, Listener>>();
      this.#listeners.set(page.id, ofPage);
      const ofType = ofPage.get(`${target}:${type}`) ?? new Map<Listener, Listener>();
      ofPage.set(`${target}:${type}`, ofType);
      return ofType;
    };
    return {
      addEventListener: (type: string, listener: Listener) => of(type)?.set(listener, boundToPage(listener)),
      removeEventListener: (type: string, listener: Listener) => of(type)?.delete(listener),
    };
  }
}
