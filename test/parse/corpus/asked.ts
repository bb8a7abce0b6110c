/** Two readings possible: the bot states the one it would store and asks to confirm, or asks for the figure. */
import { a, type CorpusCase, P } from './case.ts';

export const ASKED: CorpusCase[] = [
  a('进度 贺巴 本月完成1200多万', 'report', 'monthAmount', '1200万元'),
  a('进度 贺巴 本月完成投资1200余万元', 'report', 'monthAmount', '1200万元'),
  a('进度 贺巴 本月完成1200万，累计完成3亿多', 'report', 'ytdAmount', '30000万元'),
  a('进度 河贵高铁 累计完成6亿余元，本月完成8000万', 'report', 'ytdAmount', '60000万元'),
  a('进度 贺巴 本月完成一千二三百万', 'report', 'monthAmount'),
  a('进度 贺巴 本月完成投资五六百万', 'report', 'monthAmount'),
  a('进度 贺巴 本月完成投资12000000', 'report', 'monthAmount', '1200万元'),
  a('进度 贺巴 本月完成投资120000', 'report', 'monthAmount'),
  a('进度 贺巴 本月完成1200万 形象进度过半', 'report', 'progressPct'),
  a('进度 贺巴 本月完成1200万 形象进度：路基基本完成', 'report', 'progressPct'),
  a('进度 福六水库 本月完成500万 形象进度：大坝填筑完成一半', 'report', 'progressPct'),
  a('进度贺巴本月完成一千二百万形象进度过半', 'report', 'progressPct'),
  a('进度 贺巴 本月完成1200多万 形象进度过半', 'report', 'monthAmount', '1200万元'),
  a('进度 和巴 本月完成1200多万', 'report', 'project', P.heba),
  a('进度 贺巴 本月完成约1200万', 'report', 'monthAmount', '1200万元'),
  a('进度 贺巴 本月完成投资1200万元左右', 'report', 'monthAmount', '1200万元'),
  a('进度 贺巴 本月大概完成1200万', 'report', 'monthAmount', '1200万元'),
];
