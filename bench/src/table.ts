import { BUDGET_RATIO, type BundleResult, budgetOf, type Sizes } from './bundle.ts';
import type { CallbackResult } from './callback.ts';
import { INJECTED_RTT_MS, median } from './environment.ts';
import { LIBRARIES, type LibraryId } from './libraries.ts';
import type { Outcome } from './outcome.ts';
import type { RendersResult } from './renders.ts';
import { CYCLES, TABS, type TabsResult } from './tabs.ts';

export interface BenchResults {
  date: string;
  machine: string;
  bundles: BundleResult[];
  callback: Partial<Record<LibraryId, Outcome<CallbackResult>>>;
  tabs: Partial<Record<LibraryId, Outcome<TabsResult>>>;
  renders: Partial<Record<LibraryId, Outcome<RendersResult>>>;
}

/** How a target came out: the verdict and a sentence that says by how much. */
export interface Verdict {
  target: string;
  met: boolean;
  detail: string;
}

/** What the injected latency cost the callback: the fastest latency run minus the fastest baseline run. */
export const addedLatency = (r: CallbackResult) => r.latencyMinMs - r.baselineMinMs;

const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;
const bytes = (n: number) => n.toLocaleString('en-US');
const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const ms = (n: number) => `${Math.round(n)} ms`;
const sizes = (s: Sizes) =>
  s.files === 0
    ? '—'
    : `${bytes(s.minified)} / ${bytes(s.gzip)} / ${bytes(s.brotli)}${s.files > 1 ? ` (${s.files} files)` : ''}`;
const deps = (list: [string, number][]) =>
  list.length === 0 ? '—' : list.map(([name, n]) => `${name} ${bytes(n)}`).join('<br>');

function cell<T>(outcome: Outcome<T> | undefined, show: (value: T) => string | undefined): string {
  if (!outcome) return 'n/a';
  if (!outcome.ok) return `error: ${outcome.reason}`;
  return show(outcome.value) ?? 'n/a';
}

/** The one table: a row per measurement, fief-spa and the peers side by side. */
export function renderTable(results: BenchResults): string {
  const budget = budgetOf(results.bundles);
  const bundleOf = (id: LibraryId) => results.bundles.find((b) => b.id === id);
  const rows: [string, string, (id: LibraryId) => string][] = [
    [
      '1 Bundle: entry chunk, bytes min / gzip / brotli',
      `fief-spa gzip ≤ ${bytes(budget.budgetBytes)}`,
      (id) => sizes(bundleOf(id)!.entry),
    ],
    ['1 Bundle: lazy chunks, bytes min / gzip / brotli', '', (id) => sizes(bundleOf(id)!.lazy)],
    [
      "1 Bundle: entry chunk as Vite 8 (Rolldown) splits it, min / gzip / brotli (÷ smallest peer's)",
      '',
      (id) => {
        const rolldown = bundleOf(id)!.rolldownEntry;
        const peers = results.bundles.filter((b) => b.id !== 'fief-spa').map((b) => b.rolldownEntry.gzip);
        return `${sizes(rolldown)} (${(rolldown.gzip / Math.min(...peers)).toFixed(2)})`;
      },
    ],
    ['1 Bundle: entry bytes per dependency (min)', '', (id) => deps(bundleOf(id)!.entryDependencies)],
    ['1 Bundle: lazy bytes per dependency (min)', '', (id) => deps(bundleOf(id)!.lazyDependencies)],
    [
      `1 Bundle: entry gzip ÷ smallest peer's (${budget.smallestPeer.id})`,
      `fief-spa ≤ ${BUDGET_RATIO.toFixed(2)}`,
      (id) => (bundleOf(id)!.entry.gzip / budget.smallestPeer.entry.gzip).toFixed(2),
    ],
    [
      '2 Callback → authenticated render, no added latency: median (fastest)',
      '',
      (id) => cell(results.callback[id], (r) => `${ms(r.baselineMs)} (${ms(r.baselineMinMs)})`),
    ],
    [
      `2 Callback → authenticated render, +${INJECTED_RTT_MS} ms per identity request: median (fastest)`,
      '',
      (id) => cell(results.callback[id], (r) => `${ms(r.latencyMs)} (${ms(r.latencyMinMs)})`),
    ],
    [
      '2 Callback: time the latency added (fastest − fastest)',
      `< ${ms(1.3 * INJECTED_RTT_MS)}`,
      (id) =>
        cell(
          results.callback[id],
          (r) => `${ms(addedLatency(r))} (${(addedLatency(r) / INJECTED_RTT_MS).toFixed(2)} × RTT)`,
        ),
    ],
    [
      '2 Callback: identity requests in series, median (range over runs) — of all before the render',
      '1',
      (id) =>
        cell(
          results.callback[id],
          (r) =>
            `**${median(r.inSeriesRuns)}** (${range(r.inSeriesRuns)}) — of ${r.requests}: ${r.requestList.join(', ')}`,
        ),
    ],
    [
      '2 Callback: app-server requests in series before the render (document, scripts), median (range)',
      '',
      (id) => cell(results.callback[id], (r) => `${median(r.appInSeriesRuns)} (${range(r.appInSeriesRuns)})`),
    ],
    [
      '3 Reload while signed in: identity requests before the authenticated render',
      '0',
      (id) =>
        cell(
          results.callback[id],
          (r) =>
            `**${r.reload.requests}**${r.reload.requests ? ` (${r.reload.requestList.join(', ')})` : ''}`,
        ),
    ],
    [
      '3 Reload while signed in: authenticated render, median (fastest)',
      '≤ fastest peer',
      (id) => cell(results.callback[id], (r) => `${ms(r.reload.ms)} (${ms(r.reload.minMs)})`),
    ],
    [
      '3 Reload while signed in: app-server requests in series before the render (document, scripts), median (range)',
      '≤ peers',
      (id) =>
        cell(
          results.callback[id],
          (r) => `${median(r.reload.appInSeriesRuns)} (${range(r.reload.appInSeriesRuns)})`,
        ),
    ],
    [
      `4 ${TABS} tabs × ${CYCLES} refresh cycles: token requests`,
      `${CYCLES}`,
      (id) =>
        cell(
          results.tabs[id],
          (r) => `${r.tokenRequests}${r.failedRequests ? ` (${r.failedRequests} refused)` : ''}`,
        ),
    ],
    [
      `4 ${TABS} tabs × ${CYCLES} refresh cycles: tabs signed out`,
      '0',
      (id) => cell(results.tabs[id], (r) => `${r.signedOut} of ${TABS}`),
    ],
    [
      '5 Renders of a `useFiefIsAuthenticated` component across a token refresh',
      '0',
      (id) =>
        cell(results.renders[id], (r) =>
          r.flagAcrossRefresh === undefined ? `n/a (${r.note})` : String(r.flagAcrossRefresh),
        ),
    ],
    [
      '5 Renders of a `useFiefUserinfo` component across a user-info change',
      '1',
      (id) =>
        cell(results.renders[id], (r) =>
          r.nameAcrossUserinfoChange === undefined ? `n/a (${r.note})` : String(r.nameAcrossUserinfoChange),
        ),
    ],
    [
      '5 Renders of the `useFiefIsAuthenticated` component across that user-info change',
      '0',
      (id) =>
        cell(results.renders[id], (r) =>
          r.flagAcrossUserinfoChange === undefined ? 'n/a' : String(r.flagAcrossUserinfoChange),
        ),
    ],
  ];
  const header = ['Measure', 'Target', ...LIBRARIES.map((l) => l.label)];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map(
      ([label, target, show]) => `| ${[label, target, ...LIBRARIES.map((l) => show(l.id))].join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

/** fief-spa against each target of the issue. */
export function verdicts(results: BenchResults): Verdict[] {
  const out: Verdict[] = [];
  const budget = budgetOf(results.bundles);
  const entry = budget.fiefSpa.entry.gzip;
  out.push({
    target: `1 entry chunk gzip ≤ ${BUDGET_RATIO} × smallest peer (${budget.smallestPeer.id}, ${bytes(budget.smallestPeer.entry.gzip)} B) = ${bytes(budget.budgetBytes)} B`,
    met: entry <= budget.budgetBytes,
    detail:
      entry <= budget.budgetBytes
        ? `${bytes(entry)} B, ratio ${budget.ratio.toFixed(2)}`
        : `${bytes(entry)} B, ratio ${budget.ratio.toFixed(2)}: over by ${bytes(entry - budget.budgetBytes)} B (${kB(entry - budget.budgetBytes)} gzip)`,
  });
  const callback = results.callback['fief-spa'];
  if (callback?.ok) {
    const added = addedLatency(callback.value);
    out.push({
      target: `2 callback: 1 identity request in series, latency adds < 1.3 × ${INJECTED_RTT_MS} ms`,
      met: median(callback.value.inSeriesRuns) === 1 && added < 1.3 * INJECTED_RTT_MS,
      detail: `${median(callback.value.inSeriesRuns)} in series (${range(callback.value.inSeriesRuns)} over ${callback.value.inSeriesRuns.length} runs), +${ms(added)} (${(added / INJECTED_RTT_MS).toFixed(2)} × RTT)`,
    });
    out.push({
      target: '3 reload: 0 identity requests before the authenticated render',
      met: callback.value.reload.requests === 0,
      detail: `${callback.value.reload.requests} (${callback.value.reload.requestList.join(', ') || 'none'})`,
    });
    out.push(reloadAgainstPeers(results, callback.value));
  } else {
    out.push({
      target: '2 + 3 callback and reload',
      met: false,
      detail: callback ? `error: ${callback.reason}` : 'not run',
    });
  }
  const tabs = results.tabs['fief-spa'];
  out.push({
    target: `4 ${TABS} tabs × ${CYCLES} cycles: ${CYCLES} token requests, 0 tabs signed out`,
    met: Boolean(tabs?.ok && tabs.value.tokenRequests === CYCLES && tabs.value.signedOut === 0),
    detail: tabs?.ok
      ? `${tabs.value.tokenRequests} requests, ${tabs.value.signedOut} signed out`
      : `error: ${tabs?.reason ?? 'not run'}`,
  });
  const renders = results.renders['fief-spa'];
  out.push({
    target: '5 renders: 0 across a refresh, 1 across a user-info change',
    met: Boolean(
      renders?.ok && renders.value.flagAcrossRefresh === 0 && renders.value.nameAcrossUserinfoChange === 1,
    ),
    detail: renders?.ok
      ? `${renders.value.flagAcrossRefresh} and ${renders.value.nameAcrossUserinfoChange}`
      : `error: ${renders?.reason ?? 'not run'}`,
  });
  return out;
}

/**
 * Reload against the peers that ran: fief-spa's median render no later than the fastest peer's median, and no more
 * app-server requests in series before it than any peer.
 */
function reloadAgainstPeers(results: BenchResults, own: CallbackResult): Verdict {
  const peers = Object.entries(results.callback).flatMap(([id, outcome]) =>
    id !== 'fief-spa' && outcome?.ok ? [{ id, reload: outcome.value.reload }] : [],
  );
  const target = '3 reload: render ≤ the fastest peer, app-server requests in series ≤ the peers';
  if (peers.length === 0) return { target, met: false, detail: 'no peer measured' };
  const fastest = peers.reduce((best, peer) => (peer.reload.ms < best.reload.ms ? peer : best));
  const inSeries = median(own.reload.appInSeriesRuns);
  const fewestPeer = Math.min(...peers.map((peer) => median(peer.reload.appInSeriesRuns)));
  return {
    target,
    met: own.reload.ms <= fastest.reload.ms && inSeries <= fewestPeer,
    detail: `${ms(own.reload.ms)} against ${ms(fastest.reload.ms)} (${fastest.id}); ${inSeries} in series against ${fewestPeer}`,
  };
}

/** The whole report: date and machine, the table, then each target of fief-spa, met or missed. */
export function renderReport(results: BenchResults): string {
  const targets = verdicts(results).map(
    (v) => `- ${v.met ? '✅ met' : '❌ missed'}: ${v.target} — ${v.detail}`,
  );
  return [
    '# fief-spa benchmarks',
    '',
    `${results.date} · ${results.machine}`,
    '',
    renderTable(results),
    '',
    '## fief-spa against its targets',
    '',
    ...targets,
    '',
  ].join('\n');
}
