/** Words that mark a sentence as a problem someone needs help with, shared by the readers. */
export const PROBLEM_CUE =
  /(?:需要?|请|望|恳请).{1,16}?(?:协调|解决|支持|帮助|督促)|困难|未接通|未通电|阻工|未签约|没签约|不签约|卡在|拖欠|缺口|未拨付|没拨付|未批复|难以推进|无法推进|停工|受阻|堵路|纠纷/;
