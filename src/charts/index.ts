export { type BarChartOptions, type BarSeries, MAX_PNG_BYTES, PALETTE, renderBarChart } from './bar-chart.ts';
export { CHART_FONT_FAMILY, chartFont, registerChineseFont } from './font.ts';
export { formatNumber, formatPercent, niceScale, type Scale } from './scale.ts';
