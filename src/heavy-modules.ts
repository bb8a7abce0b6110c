/**
 * The workbook and drawing libraries, loaded on first use: most processes (the bot answering
 * chat) never draw a chart or touch a workbook, and loading both costs about 30 MB of memory.
 */
import { createRequire } from 'node:module';

type Canvas = typeof import('@napi-rs/canvas');
type Excel = typeof import('exceljs');

const require = createRequire(import.meta.url);
let canvas: Canvas | undefined;
let excel: Excel | undefined;

export function canvasModule(): Canvas {
  canvas ??= require('@napi-rs/canvas') as Canvas;
  return canvas;
}

export function excelModule(): Excel {
  excel ??= require('exceljs') as Excel;
  return excel;
}
