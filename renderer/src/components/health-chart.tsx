// A connection's health over time as a step chart (uPlot): one line that sits at Active,
// Degraded, Needs consent or Disconnected between changes. The same history is listed as text
// below the chart (the canvas is not readable by assistive technology). uPlot loads on first use,
// so the grid's first paint does not wait for the charting code.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { HealthPoint } from '../../../preload/workspace-channels';
import { chartSeries } from '../state/detail-model';
import { formatDate } from '../state/workspace-model';

export function HealthChart(props: { readonly history: ReadonlyArray<HealthPoint>; readonly lang: Lang }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null || props.history.length === 0 || typeof window.matchMedia !== 'function') return;
    let plot: { destroy(): void } | null = null;
    let gone = false;
    const { xs, ys } = chartSeries(props.history, Date.now());
    const labels = [t('health.disconnected'), t('health.needs_consent'), t('health.degraded'), t('health.active')];
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const ink = dark ? '#d8d8d2' : '#1d1d1b';
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: uPlot }]) => {
      if (gone) return;
      plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 180,
        legend: { show: false },
        cursor: { show: false },
        scales: { y: { range: [-0.3, 3.3] } },
        axes: [
          { stroke: ink, grid: { stroke: dark ? '#3a3a36' : '#e4e4df' } },
          { stroke: ink, size: 110, splits: () => [0, 1, 2, 3], values: (_u, splits) => splits.map((v) => labels[v] ?? ''), grid: { stroke: dark ? '#3a3a36' : '#e4e4df' } },
        ],
        series: [{}, { stroke: dark ? '#8ab4ff' : '#1f5fbf', width: 2, paths: uPlot.paths.stepped?.({ align: 1 }), points: { show: true, size: 5 } }],
      },
      [xs, ys],
      el,
    );
    });
    return () => {
      gone = true;
      plot?.destroy();
    };
  }, [props.history, t]);

  if (props.history.length === 0) return <p className="muted">{t('ws.detail.noHistory')}</p>;
  return (
    <figure className="health-chart">
      <div ref={box} className="chart-box" aria-hidden="true" />
      <figcaption>
        <details>
          <summary>{t('ws.detail.historyAsText', { count: props.history.length })}</summary>
          <ol className="history-list">
            {[...props.history].reverse().slice(0, 50).map((h, i) => (
              <li key={i}>
                <time dateTime={h.at}>{formatDate(h.at, props.lang, true)}</time> · {t(`health.${h.state}`)}
                {h.reason !== null ? ` (${h.reason})` : ''}
              </li>
            ))}
          </ol>
        </details>
      </figcaption>
    </figure>
  );
}
