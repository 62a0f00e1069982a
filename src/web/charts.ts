import type { Chart } from '../app/reporting/management-information';

/** Series colours from the GOV.UK palette: blue, red, dark grey, green, purple; distinguishable in greyscale too by the legend order. */
const colours = ['#1d70b8', '#d4351c', '#505a5f', '#00703c', '#4c2c92'];
/** Legend entries per line: more series wrap onto the next line. */
const LEGEND_PER_LINE = 3;
const LEGEND_LINE = 20;

export interface SvgBar {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  text: string;
  textX: number;
  textY: number;
}

export interface SvgChart {
  id: string;
  width: number;
  height: number;
  labels: { text: string; x: number; y: number }[];
  bars: SvgBar[];
  legend: { text: string; fill: string; x: number; y: number }[];
  axis: { x: number; y1: number; y2: number };
}

const LABEL_WIDTH = 230;
const BAR_AREA = 330;
const BAR_HEIGHT = 16;
const GAP = 10;
const LEGEND_HEIGHT = 26;

const shorten = (s: string, max = 34) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A horizontal bar chart's geometry, drawn server-side as SVG: one group of bars per row, one
 * bar per series, each bar labelled with its value. The chart is an image with a text
 * alternative; the data table under it carries the numbers and the links to the records.
 */
export function barChartGeometry(chart: Chart, plotSeries: number[] = chart.series.map((_, i) => i)): SvgChart {
  const series = plotSeries.length;
  const legend = series > 1 ? LEGEND_HEIGHT + (Math.ceil(series / LEGEND_PER_LINE) - 1) * LEGEND_LINE : 0;
  const groupHeight = series * BAR_HEIGHT + GAP;
  const max = Math.max(1, ...chart.rows.flatMap((r) => plotSeries.map((i) => r.cells[i]?.value ?? 0)));
  const bars: SvgBar[] = [];
  const labels: SvgChart['labels'] = [];
  chart.rows.forEach((row, r) => {
    const top = legend + r * groupHeight + GAP / 2;
    labels.push({ text: shorten(row.label), x: LABEL_WIDTH - 8, y: top + (series * BAR_HEIGHT) / 2 + 4 });
    plotSeries.forEach((s, k) => {
      const cell = row.cells[s];
      if (!cell) return;
      const width = Math.round((BAR_AREA * cell.value) / max);
      const y = top + k * BAR_HEIGHT;
      bars.push({ x: LABEL_WIDTH, y, width, height: BAR_HEIGHT - 2, fill: colours[k % colours.length]!, text: cell.display ?? String(cell.value), textX: LABEL_WIDTH + width + 4, textY: y + BAR_HEIGHT - 5 });
    });
  });
  const height = Math.max(legend + chart.rows.length * groupHeight + GAP, 40);
  return {
    id: chart.id,
    width: LABEL_WIDTH + BAR_AREA + 70,
    height,
    labels,
    bars,
    legend: series > 1 ? plotSeries.map((s, k) => ({ text: chart.series[s]!, fill: colours[k % colours.length]!, x: LABEL_WIDTH + (k % LEGEND_PER_LINE) * 120, y: 6 + Math.floor(k / LEGEND_PER_LINE) * LEGEND_LINE })) : [],
    axis: { x: LABEL_WIDTH, y1: legend, y2: height - GAP / 2 },
  };
}
