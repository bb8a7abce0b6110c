/**
 * Messages written like a notice or a polite report, turned into the plain one-line form the
 * command parser reads:
 *
 *   【进度】                                   进度 贺巴高速公路(忻城段) 2021年8月
 *   项目名称：贺巴高速公路（忻城段）      →      本月完成投资:1200万元 累计完成投资:3.2亿元
 *   一、本月完成投资：1200万元                 形象进度:路基完成60%
 *   二、累计完成投资：3.2亿元
 *   三、形象进度：路基完成60%
 *   存在问题：无
 *   填报人：张伟
 *
 * - `flattenNotice` works on the raw lines: 【…】 and 标题： headers give the command, list markers
 *   (一、 1. （一） ①) go, "项目名称：" and month fields move to the front, 形象进度 to the end, a
 *   存在问题 field is set aside (`problemText`), signatures, greetings and courtesy lines are dropped.
 * - `rewritePolite` works on the normalised line: greetings ("各位领导好，"), closing courtesy
 *   ("请审阅", "谢谢"), and a preamble that puts the command word mid-sentence ("现将贺巴高速本月进度
 *   汇报如下：…" → "进度 贺巴高速 本月 …"; "…存在问题反映如下：" → "问题 …").
 * - `spaceVoiceClauses` gives a voice transcript without punctuation the breaks between figures.
 */
import { toHalfWidth } from './normalize.ts';

export interface Flattened {
  text: string;
  /** What a 存在问题 field of a report said, unless it said 无. */
  problemText?: string;
}

const LIST_MARKER =
  /^(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(][一二三四五六七八九十\d]{1,3}[)]\s*[、.]?|\d{1,2}\s*[、)](?!\d)|\d{1,2}\.(?!\d)|[①-⑳]|[-*•·]\s*)\s*/;
const HEADER = /^[【[]\s*([^】\]]{1,16}?)\s*[】\]]\s*/;
const TITLE = /^(?:标题|主题|事由|关于)\s*:\s*/;
const GREETING_LINE =
  /^(?:各位领导|尊敬的[\u4e00-\u9fff]{1,10}|各位同事|各位同志|各位|领导们?|大家|[\u4e00-\u9fff]{1,2}(?:局长|主任|县长|书记|部长|总))(?:们)?(?:好|您好|你们好|上午好|下午好|晚上好|早上好)?\s*[:,!。]?$/;
const COURTESY_LINE =
  /^(?:以上\s*[,，]?\s*)?(?:请审阅|请审示|请领导审阅|请指示|请领导指示|妥否.{0,6}|特此汇报|特此报告|以上|以上汇报完毕|汇报完毕|谢谢|谢谢领导|请知悉|此致|敬礼)[。!]*$/;
const FIELD = /^([\u4e00-\u9fffA-Za-z0-9()\-~]{2,16}?)\s*:\s*(.*)$/;
const SIGNATURE_LABEL =
  /^(?:填报人|报送人|联系人|联系电话|电话|手机|审核人|审核|签发|签发人|负责人|填报单位|报送单位|报送部门|填报部门|单位|日期|填报日期|报送日期|填报时间|报送时间)$/;
const MONTH_LABEL = /^(?:填报月份|报送月份|月份|报告期|统计期|所属月份|所属期|报告月份|期间)$/;
const PROJECT_LABEL = /^(?:项目名称|项目|名称|工程名称|项目全称)$/;
const PROBLEM_FIELD =
  /^(?:存在问题|存在的问题|问题及困难|困难和问题|困难问题|需协调解决的问题|需协调问题|需协调事项|问题)$/;
const PROGRESS_LABEL = /^(?:形象进度|工程进度|施工进度|建设进度|进展情况|形象进展|进度情况|工程进展)$/;
const CATEGORY_LABEL = /^(?:问题类别|问题类型|类别|分类|类型)$/;
const DESCRIPTION_LABEL = /^(?:问题描述|具体问题|问题内容|情况说明|描述|内容|具体情况)$/;
const UNIT_LABEL = /^(?:协调单位|需协调单位|责任单位|承办单位|牵头单位|请求协调单位|需要协调的单位)$/;
const NOTHING = /^(?:无|暂无|没有|无问题|暂无问题|\/|-)[。.]?$/;
const SIGNATURE_LINE =
  /^(?:[-—–_~]+\s*.*|[\u4e00-\u9fff]{2,4}|.{0,16}(?:指挥部|项目部|公司|局|办公室|办|中心|政府)(?:\s*[\u4e00-\u9fff]{2,4})?|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})$/;

const HEADER_KIND =
  /月度|进度报送|进度汇报|投资进度|项目进度|进度|报送|汇报|填报|月报|情况|问题反映|问题|困难|诉求|开工|竣工|完工|投产|交办|督办|派单|资金/g;

function commandOfHeader(header: string): string {
  if (/问题|困难|诉求|协调/.test(header)) return '问题';
  if (/竣工|完工/.test(header)) return '竣工';
  if (/投产/.test(header)) return '投产';
  if (/开工/.test(header)) return '开工';
  if (/交办|督办|派单/.test(header)) return '交办';
  if (/资金/.test(header)) return '资金';
  return '进度';
}

/** A multi-line or headed message as one line; any other message unchanged. */
export function flattenNotice(raw: string): Flattened {
  if (typeof raw !== 'string') return { text: '' };
  const lines = raw
    .slice(0, 8000)
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((l) =>
      toHalfWidth(l)
        .replace(/[\s\u3000]+/g, ' ')
        .trim(),
    )
    .filter((l) => l !== '');
  if (lines.length <= 1 && !HEADER.test(lines[0] ?? '') && !TITLE.test(lines[0] ?? '')) return { text: raw };

  let command: string | undefined;
  let project: string | undefined;
  let month: string | undefined;
  let progress: string | undefined;
  let category: string | undefined;
  let description: string | undefined;
  let unit: string | undefined;
  let problemText: string | undefined;
  const lead: string[] = [];
  const figures: string[] = [];
  // "@项目调度助手" on a line of its own opens the message; it stays in front for the normaliser.
  const mentions: string[] = [];
  while (lines.length > 1 && /^(?:@\S+\s*)+$/.test(lines[0]!)) mentions.push(lines.shift()!);

  // Signatures stand at the end; drop them from the bottom up while they look like one.
  while (lines.length > 1) {
    const last = lines[lines.length - 1]!;
    const field = FIELD.exec(last);
    const signature = field ? SIGNATURE_LABEL.test(field[1]!) : SIGNATURE_LINE.test(last);
    if (signature || COURTESY_LINE.test(last)) {
      lines.pop();
    } else break;
  }

  for (let line of lines) {
    const header = HEADER.exec(line);
    if (header) {
      command ??= commandOfHeader(header[1]!);
      line = line.slice(header[0].length);
      // "【福六水库8月进度】": a header that names more than the kind of report names the subject.
      const subject = header[1]!.replace(HEADER_KIND, ' ').replace(/\s+/g, ' ').trim();
      if (subject !== '' && project === undefined) lead.push(subject);
      // "【问题】贺巴高速": what follows the header on its line names the project.
      if (line !== '' && !FIELD.test(line) && project === undefined && lead.length === 0) {
        project = line.replace(LIST_MARKER, '').trim();
        continue;
      }
    }
    if (TITLE.test(line)) line = line.replace(TITLE, '');
    line = line.replace(LIST_MARKER, '').trim();
    if (line === '' || GREETING_LINE.test(line) || COURTESY_LINE.test(line)) continue;
    const field = FIELD.exec(line);
    if (field) {
      const label = field[1]!;
      const value = field[2]!.trim();
      if (SIGNATURE_LABEL.test(label)) continue;
      if (PROJECT_LABEL.test(label)) {
        project = value;
        continue;
      }
      if (MONTH_LABEL.test(label)) {
        month = value;
        continue;
      }
      if (PROGRESS_LABEL.test(label)) {
        progress = value;
        continue;
      }
      if (CATEGORY_LABEL.test(label)) {
        category = value;
        continue;
      }
      if (DESCRIPTION_LABEL.test(label)) {
        description = value;
        continue;
      }
      if (UNIT_LABEL.test(label)) {
        unit = value;
        continue;
      }
      if (PROBLEM_FIELD.test(label)) {
        if (!NOTHING.test(value) && value !== '') problemText = value;
        continue;
      }
      figures.push(`${label}:${value}`);
      continue;
    }
    lead.push(line);
  }

  if (command === '问题' || (command === undefined && description !== undefined)) {
    const body = [description ?? '', problemText ?? '', ...lead, ...figures].filter(Boolean).join(',');
    const help = unit ? `,需${unit}协调` : '';
    const label = category ? `${category}:` : '';
    return { text: [...mentions, '问题', project ?? '', `${label}${body}${help}`].filter(Boolean).join(' ') };
  }
  const parts = [...mentions, command ?? '', project ?? '', ...lead, month ?? '', ...figures];
  if (progress !== undefined) parts.push(`形象进度:${progress}`);
  const out: Flattened = { text: parts.filter((p) => p !== '').join(' ') };
  if (problemText !== undefined) out.problemText = problemText;
  return out;
}

const GREETING_HEAD =
  /^(?:(?:各位领导|尊敬的[\u4e00-\u9fff]{1,10}|各位同事|各位同志|各位|领导们?|大家|[\u4e00-\u9fff]{1,2}(?:局长|主任|县长|书记|部长|总))(?:们)?(?:好|您好|你们好|上午好|下午好|晚上好|早上好)?|您好|你好|大家好|领导好|报告领导|汇报领导|打扰一下|打扰了|谢谢|好的|收到|辛苦了)\s*[:,!。]\s*/;
const COURTESY_TAIL =
  /[,。;!\s]*(?:请审阅|请审示|请领导审阅|请指示|请领导指示|妥否,?请指示|特此汇报|特此报告|以上汇报完毕|汇报完毕|以上|谢谢领导|谢谢|辛苦了|请知悉|请查收)[。!]*$/;
const PREAMBLE =
  /^(?:现将|现把|现就|兹将|特将|下面将|下面把|下面|我们把|我把|现)?\s*(.{1,40}?)\s*(汇报|报告|报送|上报|反映|通报)\s*(?:一下)?\s*如下\s*[:,]?\s*(.*)$/;
const PREAMBLE_VERB_FIRST =
  /^(?:下面|现在|现|我|我们)?\s*(汇报|报告|报送|反映)\s*(?:一下)?\s*(.{1,40}?)\s*如下\s*[:,]?\s*(.*)$/;
const PREAMBLE_ASK = /^(?:我来|我们|我|现|下面)?\s*(汇报|报告|报送|反映)一下\s*(.{1,40}?)\s*[:,]\s*(.*)$/;
const SUBJECT_NOISE =
  /进度情况|进展情况|建设情况|投资情况|完成情况|推进情况|有关情况|相关情况|工作情况|情况|目前|当前|形象进度|投资进度|建设进度|项目进展|进展|进度|的/g;
const PROBLEM_NOISE = /存在的?|遇到的?|面临的?|困难和问题|问题和困难|困难|问题|的/g;

/** Greetings, courtesy and a mid-sentence command word, rewritten to the plain form. */
export function rewritePolite(text: string): string {
  let s = text;
  for (let i = 0; i < 3; i += 1) {
    const next = s.replace(GREETING_HEAD, '').replace(COURTESY_TAIL, '').trim();
    if (next === s || next === '') break;
    s = next;
  }
  const pre = PREAMBLE.exec(s);
  const ask = pre ? undefined : (PREAMBLE_VERB_FIRST.exec(s) ?? PREAMBLE_ASK.exec(s));
  const verb = pre ? pre[2]! : ask?.[1];
  const subject = pre ? pre[1]! : ask?.[2];
  const body = pre ? pre[3]! : ask?.[3];
  if (verb === undefined || subject === undefined || body === undefined) return s;
  const isProblem = verb === '反映' || /问题|困难/.test(subject);
  const clean = subject
    .replace(isProblem ? PROBLEM_NOISE : SUBJECT_NOISE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${isProblem ? '问题' : '进度'} ${clean} ${body}`.replace(/\s+/g, ' ').trim();
}

const CLAUSE_START =
  /(?<=[\u4e00-\u9fff\d%])(?<![开工项目总年度月以来其至到])(本年累计|今年累计|年度累计|开工累计|自开工以来|开工以来|形象进度|工程进度|本月|当月|上月|累计|其中)/g;

/** A transcript with no punctuation gets a space before each clause that starts a figure. */
// After an amount's unit, a new clause starts unless the figure goes on ("三千万元", "一亿二千万").
const AFTER_AMOUNT =
  /(?<=[\d零〇一二两三四五六七八九十百千])(万元|亿元|万|亿)(?=[\u4e00-\u9fff])(?![元左多余整的零〇一二两三四五六七八九十百千万亿])/g;

export function spaceVoiceClauses(text: string): string {
  if (/[,;、。:]/.test(text) || text.length < 12) return text;
  return text.replace(CLAUSE_START, ' $1').replace(AFTER_AMOUNT, '$1 ').replace(/\s+/g, ' ');
}
