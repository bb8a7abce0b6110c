import { describe, expect, it } from 'vitest';
import { syllables } from '../../src/parse/pinyin.ts';
import { matchProjectPrefix, nearestProjects, resolveProject } from '../../src/parse/project-match.ts';
import type { ProjectMatch, UnitMatch } from '../../src/parse/types.ts';
import { resolveUnit } from '../../src/parse/unit-match.ts';
import { PROJECTS, UNITS } from './fixtures.ts';

const show = (m: ProjectMatch | UnitMatch) =>
  m.kind === 'found'
    ? `${'project' in m ? m.project.name : m.unit.name}${m.fuzzy ? ' ~' : ''}`
    : m.kind === 'ambiguous'
      ? `? ${m.candidates.length}`
      : 'none';

describe('names by sound and with one character wrong', () => {
  it.each([
    ['和巴', '贺巴高速公路(忻城段) ~'],
    ['五新', '武忻高速公路 ~'],
    ['伏六水库', '广西来宾市忻城县福六水库工程 ~'],
    ['福六水厍', '广西来宾市忻城县福六水库工程 ~'],
    ['贺巴高素', '贺巴高速公路(忻城段) ~'],
    ['金太医疗', '金泰医疗健康智能制造生态园 ~'],
    ['鸳鸯胡', '广西忻城鸳鸯湖生态旅游度假区项目 ~'],
    ['贺巴', '贺巴高速公路(忻城段)'],
    ['工业园', 'none'],
    ['某某大桥', 'none'],
    ['贺', 'none'],
  ])('project %s → %s', (text, expected) => {
    expect(show(resolveProject(text, PROJECTS))).toBe(expected);
  });

  it.each([
    ['自然资原局', '县自然资源局 ~'],
    ['卫生局', '县卫健局 ~'],
    ['发改委', '县发展改革局 ~'],
    ['中大办', '县重大项目建设办公室 ~'],
    ['公安局', 'none'],
    ['县城管局', 'none'],
  ])('unit %s → %s', (text, expected) => {
    expect(show(resolveUnit(text, UNITS))).toBe(expected);
  });

  it('keeps exact matches first and unmarked', () => {
    expect(resolveProject('福六', PROJECTS)).toMatchObject({ kind: 'found' });
    expect(resolveProject('福六', PROJECTS)).not.toHaveProperty('fuzzy');
    expect(show(resolveProject('三江口', PROJECTS))).toBe('? 2');
  });

  it('takes a whole mistyped word rather than its exact start', () => {
    const m = matchProjectPrefix('福六水厍 本月完成500万', PROJECTS);
    expect(show(m.match)).toBe('广西来宾市忻城县福六水库工程 ~');
    expect(m.consumed).toBe(5);
    expect(matchProjectPrefix('和巴本月完成投资1200万', PROJECTS).consumed).toBe(2);
  });

  it('suggests the nearest names when nothing is close enough', () => {
    expect(nearestProjects('福陆', PROJECTS).map((p) => p.name)).toEqual(['广西来宾市忻城县福六水库工程']);
    expect(nearestProjects('了吗', PROJECTS)).toEqual([]);
    expect(resolveProject('福陆', PROJECTS)).toMatchObject({
      kind: 'none',
      suggestions: [{ code: 'XC-2021-003' }],
    });
  });
});

describe('syllables', () => {
  it('gives one toneless syllable per character', () => {
    expect(syllables('贺巴高速')).toEqual(['he', 'ba', 'gao', 'su']);
    expect(syllables('5G项目')).toEqual(['5', 'g', 'xiang', 'mu']);
  });
});
