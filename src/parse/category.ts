/**
 * Problem categories of the dispatch mechanism, from the words people use. An explicit label at
 * the start ("征地拆迁：…", "类别:资金 …") wins; otherwise the category with the most keyword hits,
 * ties going to the earlier category in CATEGORY_ORDER (the plan's own order of urgency).
 */
import type { ProblemCategory } from './types.ts';

export const CATEGORY_ORDER: ProblemCategory[] = [
  '征地拆迁',
  '用地',
  '审批',
  '资金',
  '要素保障',
  '建设环境',
  '其他',
];

const KEYWORDS: Record<Exclude<ProblemCategory, '其他'>, string[]> = {
  征地拆迁: [
    '征地',
    '拆迁',
    '签约',
    '征收',
    '搬迁',
    '补偿',
    '青苗',
    '迁坟',
    '坟墓',
    '安置',
    '清表',
    '交地',
    '腾地',
    '房屋拆除',
  ],
  用地: [
    '用地',
    '报批',
    '林地',
    '耕地',
    '占补平衡',
    '土地',
    '规划选址',
    '选址',
    '红线',
    '基本农田',
    '征占用',
    '使用林地',
    '国土空间',
  ],
  审批: [
    '审批',
    '环评',
    '批复',
    '许可',
    '立项',
    '可研',
    '核准',
    '备案',
    '施工图',
    '初步设计',
    '初设',
    '能评',
    '节能审查',
    '手续',
    '审查',
    '水保',
    '稳评',
  ],
  资金: [
    '资金',
    '拨付',
    '融资',
    '贷款',
    '专项债',
    '债券',
    '欠款',
    '工程款',
    '配套',
    '缺口',
    '到位',
    '付款',
    '结算',
    '预算',
  ],
  要素保障: [
    '水电路',
    '用电',
    '用水',
    '供电',
    '供水',
    '电力',
    '材料',
    '砂石',
    '用工',
    '土方',
    '弃土',
    '弃渣',
    '能耗',
    '水泥',
    '钢材',
    '劳动力',
    '运输',
    '取土',
  ],
  建设环境: [
    '阻工',
    '纠纷',
    '施工环境',
    '堵路',
    '阻挠',
    '上访',
    '信访',
    '干扰',
    '强揽',
    '闹事',
    '矛盾',
    '治安',
  ],
};

const SYNONYMS: Record<string, ProblemCategory> = {
  征地: '征地拆迁',
  拆迁: '征地拆迁',
  征拆: '征地拆迁',
  征地拆迁: '征地拆迁',
  用地: '用地',
  用地保障: '用地',
  审批: '审批',
  项目审批: '审批',
  手续: '审批',
  资金: '资金',
  融资: '资金',
  要素: '要素保障',
  要素保障: '要素保障',
  建设环境: '建设环境',
  施工环境: '建设环境',
  其他: '其他',
  其它: '其他',
};

/** "征地拆迁：那湾村…" → the category and the text after the label. */
export function splitCategoryLabel(text: string): { category: ProblemCategory; rest: string } | undefined {
  const m = /^(?:类别|分类|类型)?\s*[:]?\s*([\u4e00-\u9fff]{2,4}?)(?:类|问题)?\s*[:]\s*/.exec(text);
  const word = m?.[1];
  const category = word ? SYNONYMS[word] : undefined;
  if (!m || !category) {
    const spaced = /^([\u4e00-\u9fff]{2,4})\s+(?=\S)/.exec(text);
    const cat = spaced ? SYNONYMS[spaced[1]!] : undefined;
    return spaced && cat ? { category: cat, rest: text.slice(spaced[0].length) } : undefined;
  }
  return { category, rest: text.slice(m[0].length) };
}

export function classifyProblem(text: string): ProblemCategory {
  const labelled = splitCategoryLabel(text);
  if (labelled) return labelled.category;
  let best: ProblemCategory = '其他';
  let bestHits = 0;
  for (const category of CATEGORY_ORDER) {
    if (category === '其他') continue;
    const hits = KEYWORDS[category].filter((k) => text.includes(k)).length;
    if (hits > bestHits) {
      best = category;
      bestHits = hits;
    }
  }
  return best;
}
