/**
 * What "查 …" asks for: a project card, a problem or problem list, a sector's investment, who has
 * not reported, or a project's history. Order matters: problem numbers, history, 未报送 and
 * problem lists are recognised by their words before a sector, and a sector before a project, so
 * "查 工业" is the sector even though 忻城"工业云" contains 工业.
 */
import { currentMonth, type DateContext, findMonths } from './dates.ts';
import { findProblemRefs, parseProblemRef } from './problem-ref.ts';
import { resolveProject } from './project-match.ts';
import type { ProjectEntry, ProjectMatch, QueryTarget, SectorTarget, UnitEntry } from './types.ts';
import { findUnitMentions, resolveUnit } from './unit-match.ts';

const SECTOR_WORDS: Record<string, SectorTarget> = {
  工业: '工业',
  交通: '交通',
  综合交通: '交通',
  能源: '能源',
  水利: '水利',
  新型基础设施: '新型基础设施',
  新基建: '新型基础设施',
  新型基建: '新型基础设施',
  新型城镇化: '新型城镇化',
  城镇化: '新型城镇化',
  农业农村: '农业农村',
  农业: '农业农村',
  三农: '农业农村',
  现代服务业: '现代服务业',
  服务业: '现代服务业',
  生态环保: '生态环保',
  生态: '生态环保',
  环保: '生态环保',
  社会民生: '社会民生',
  民生: '社会民生',
  五网: '五网',
  双百双新: '双百双新',
  三企入桂: '三企入桂',
  千企技改: '千企技改',
  全部: '全部',
  全县: '全部',
  总体: '全部',
  整体: '全部',
  所有: '全部',
  汇总: '全部',
  重大项目: '全部',
};

/** "工业 投资", "五网建设", "交通领域投资情况" → the sector; undefined when it is not one. */
export function parseSector(text: string): SectorTarget | undefined {
  const compact = text.replace(/\s+/g, '').replace(/["“”'‘’]/g, '');
  const hadInvestment = /投资/.test(compact);
  const core = compact.replace(
    /(?:领域|行业|板块|类|项目|建设|大会战)?(?:投资)?(?:完成)?(?:情况|进度|目标)?$/,
    '',
  );
  if (core === '') return hadInvestment ? '全部' : undefined;
  return SECTOR_WORDS[core];
}

const HISTORY_HEAD = /^(?:历史记录|历史|变更记录|修改记录|记录)\s*/;
const HISTORY_TAIL = /\s*(?:的)?(?:历史记录|历史|变更记录|修改记录|报送记录)$/;
const UNREPORTED = /未报送|未报|没报|没有报|未填报|未上报|未汇报|未提交|没交|未交/;
const PROBLEM_WORDS = /问题|督办|事项|任务|逾期|超期|过期|超时/;
const FILTER_WORDS =
  /问题|督办事项|督办|事项|任务|清单|列表|逾期|超期|过期|超时|全部|所有|未办结|未解决|在办|第?[1-4一二三四]\s*(?:级|层级|层)|县领导|协调会|领导小组|市级|市里|业主|的|了/g;

function problemsTarget(
  text: string,
  projects: readonly ProjectEntry[],
  units: readonly UnitEntry[],
): QueryTarget {
  let filter: 'all' | 'open' | 'overdue' | 'tier' = 'open';
  let tier: number | undefined;
  const tierWord = /第?([1-4一二三四])\s*(?:级|层级|层)/.exec(text);
  if (/逾期|超期|过期|超时/.test(text)) filter = 'overdue';
  else if (tierWord) {
    filter = 'tier';
    tier = '一二三四'.indexOf(tierWord[1]!) + 1 || Number(tierWord[1]);
  } else if (/协调会|领导小组/.test(text)) {
    filter = 'tier';
    tier = 3;
  } else if (/市级|市里|市协调/.test(text)) {
    filter = 'tier';
    tier = 4;
  } else if (/县领导/.test(text)) {
    filter = 'tier';
    tier = 2;
  } else if (/全部|所有/.test(text)) filter = 'all';
  const target: QueryTarget = { kind: 'problems', filter };
  if (tier !== undefined) target.tier = tier;
  // "查 督办", "查 督办事项 逾期": the 督办事项 alone; "问题" anywhere keeps both.
  if (/^(?:督办|任务)/.test(text) && !/问题/.test(text)) target.problemKind = 'task';
  const unit = findUnitMentions(text, units)[0];
  if (unit) target.unitName = unit.name;
  for (const word of text
    .replace(FILTER_WORDS, ' ')
    .split(/\s+/)
    .filter((w) => w.length >= 2)) {
    if (!target.unitName) {
      const u = resolveUnit(word, units);
      if (u.kind === 'found') {
        target.unitName = u.unit.name;
        continue;
      }
    }
    const p = resolveProject(word, projects);
    if (p.kind !== 'none' && !target.project) target.project = p;
  }
  return target;
}

function projectOf(text: string, projects: readonly ProjectEntry[]): ProjectMatch {
  const name = text.replace(/\s*(?:的)?(?:项目卡|卡片|详情|详细情况|情况|进度|投资|项目)$/, '').trim();
  return resolveProject(name || text, projects);
}

/** The query's target, or undefined when "查" came with nothing to look up. */
export function parseQuery(
  rest: string,
  ctx: DateContext & {
    projects: readonly ProjectEntry[];
    units: readonly UnitEntry[];
    counties?: readonly string[];
  },
): QueryTarget | undefined {
  const text = rest.trim();
  if (text === '') return undefined;
  if (ctx.counties?.includes(text)) return { kind: 'county', county: text };
  const only = parseProblemRef(text.replace(/^(?:问题|督办事项|事项)\s*/, ''));
  if (only !== undefined) return { kind: 'problem', problemNo: only };
  const refs = findProblemRefs(text);
  if (refs.length === 1 && refs[0]!.start === 0 && !PROBLEM_WORDS.test(text.slice(refs[0]!.end))) {
    return { kind: 'problem', problemNo: refs[0]!.problemNo };
  }
  if (HISTORY_HEAD.test(text) || HISTORY_TAIL.test(text)) {
    const name = text.replace(HISTORY_HEAD, '').replace(HISTORY_TAIL, '').trim();
    if (name !== '') return { kind: 'history', project: projectOf(name, ctx.projects) };
  }
  if (UNREPORTED.test(text)) {
    return { kind: 'unreported', month: findMonths(text, ctx, 'past')[0]?.month ?? currentMonth(ctx) };
  }
  if (PROBLEM_WORDS.test(text)) return problemsTarget(text, ctx.projects, ctx.units);
  const sector = parseSector(text);
  if (sector) return { kind: 'sector', sector };
  return { kind: 'project', project: projectOf(text, ctx.projects) };
}
