/**
 * Who may do what (design.md "Roles and permissions"). Pure: callers pass the person and the
 * project / problem facts; a refusal names who may do it, for the reply.
 */

// The roles are the workbook's vocabulary (人员 sheet); who may do what with them is here.
export { ROLES, type Role } from './vocabulary.ts';

export interface Actor {
  userId: string;
  roles: readonly string[];
  unitName?: string | null;
  /** The county the person belongs to (全市 for the city's people); absent: not bound to one. */
  county?: string | null;
}

export interface ProjectPeople {
  contactIds?: readonly string[] | null;
  commanderIds?: readonly string[] | null;
  leaderIds?: readonly string[] | null;
  /** The county of the project (or problem); absent: the same as everyone's. */
  county?: string | null;
}

export type Decision = { ok: true } | { ok: false; who: string };

const ALLOW: Decision = { ok: true };

/** 重大办 and 管理员 in their county; 市重大办 in every county. */
export function isDispatchOffice(actor: Actor | null): boolean {
  return Boolean(actor?.roles.some((r) => r === '重大办' || r === '管理员' || r === '市重大办'));
}

/** 市领导: what a project's 联系县领导 may do, on every project of every county. */
function isCityLeader(actor: Actor): boolean {
  return actor.roles.includes('市领导');
}

/**
 * Someone of one county on another county's project or problem: refused whatever their role there,
 * with a reply that says so. 市重大办 and 市领导 act in every county.
 */
function otherCounty(actor: Actor | null, target: ProjectPeople | null | undefined): Decision | null {
  const mine = actor?.county;
  const theirs = target?.county;
  if (!actor || !mine || !theirs || mine === theirs) return null;
  if (actor.roles.some((r) => r === '市重大办' || r === '市领导')) return null;
  return {
    ok: false,
    who: `${theirs}的有关人员或市重大办（该事项属于${theirs}，您登记在${mine}，只能办理本县区的项目）`,
  };
}

function onProject(actor: Actor, project: ProjectPeople, which: Array<keyof ProjectPeople>): boolean {
  if (isCityLeader(actor) && which.includes('leaderIds')) return true;
  return which.some((k) => {
    const ids = project[k];
    return Array.isArray(ids) && ids.includes(actor.userId);
  });
}

/** 进度 / 开工·竣工·投产 / 问题: the project's contact, commander or county leader; 重大办; 管理员. */
export function mayReport(actor: Actor | null, project: ProjectPeople): Decision {
  const elsewhere = otherCounty(actor, project);
  if (elsewhere) return elsewhere;
  if (
    actor &&
    (isDispatchOffice(actor) || onProject(actor, project, ['contactIds', 'commanderIds', 'leaderIds']))
  ) {
    return ALLOW;
  }
  return { ok: false, who: '该项目的项目联系人、指挥长、联系县领导，或县重大办' };
}

/** 交办 / 升级 / 派单 on a project: its commander or county leader; 重大办; 管理员. */
export function mayDirect(
  actor: Actor | null,
  project: ProjectPeople | null,
  /** A problem without a project (a 督办事项): its county. */
  problem?: { county?: string | null },
): Decision {
  const elsewhere = otherCounty(actor, project ?? problem);
  if (elsewhere) return elsewhere;
  if (
    actor &&
    (isDispatchOffice(actor) || (project && onProject(actor, project, ['commanderIds', 'leaderIds'])))
  ) {
    return ALLOW;
  }
  return { ok: false, who: project ? '该项目的指挥长、联系县领导，或县重大办' : '县重大办' };
}

/** 办结: as 交办, plus the head of the unit the problem is assigned to. */
export function mayResolve(
  actor: Actor | null,
  project: ProjectPeople | null,
  problem: { unitName?: string | null; county?: string | null },
  unitHeadId?: string | null,
): Decision {
  const elsewhere = otherCounty(actor, project ?? problem);
  if (elsewhere) return elsewhere;
  if (mayDirect(actor, project).ok) return ALLOW;
  if (
    actor &&
    problem.unitName &&
    (unitHeadId === actor.userId ||
      (actor.roles.includes('单位负责人') && actor.unitName === problem.unitName))
  ) {
    return ALLOW;
  }
  return {
    ok: false,
    who: `${project ? '该项目的指挥长、联系县领导、' : ''}${problem.unitName ? `${problem.unitName}负责人、` : ''}县重大办`,
  };
}

/**
 * Who a command is for (design.md "Roles and permissions"): everyone; reporters (the project's
 * contact, commander and county leader); directors (commander, county leader); resolvers (directors
 * and the heads of units problems are assigned to); the 重大办. 重大办 and 管理员 belong to all of them.
 * Help lists a command for its audience; project-level rules (mayReport, mayDirect, mayResolve) are
 * checked by the command with the project in hand.
 */
export type Audience = 'all' | 'report' | 'direct' | 'resolve' | 'office';

export const AUDIENCES: readonly Audience[] = ['report', 'direct', 'resolve', 'office', 'all'];

/** Who may use a command of an audience, as a refusal says it. */
export const AUDIENCE_WHO: Record<Audience, string> = {
  all: '所有人',
  report: '项目联系人、指挥长、联系县领导，或县重大办',
  direct: '指挥长、联系县领导，或县重大办',
  resolve: '指挥长、联系县领导、承办单位负责人，或县重大办',
  office: '县重大办',
};

/** The audiences a person belongs to, from their roles and what they are on some project. */
export function audiencesOf(
  actor: Actor | null,
  on: { contact: boolean; commander: boolean; leader: boolean },
): Set<Audience> {
  const allowed = new Set<Audience>(['all']);
  if (!actor) return allowed;
  if (isDispatchOffice(actor)) return new Set(AUDIENCES);
  const roles = actor.roles;
  if (
    roles.some((r) => ['项目联系人', '指挥长', '县领导', '市领导'].includes(r)) ||
    on.contact ||
    on.commander ||
    on.leader
  )
    allowed.add('report');
  if (roles.some((r) => r === '指挥长' || r === '县领导' || r === '市领导') || on.commander || on.leader) {
    allowed.add('direct');
    allowed.add('resolve');
  }
  if (roles.includes('单位负责人')) allowed.add('resolve');
  return allowed;
}
