// Source selection: regular expressions (case-insensitive) on each sample's source.
import { badRegex, sourceRe, type StageDef } from './types';

export interface SourcesStage { stage: string; type: 'sources'; include?: string[]; exclude?: string[] }

export const sourcesStage: StageDef<SourcesStage> = {
  type: 'sources',
  check(s, fail) {
    for (const k of ['include', 'exclude'] as const) {
      if (s[k] !== undefined && (!Array.isArray(s[k]) || !s[k].every((x) => typeof x === 'string'))) fail(k, 'must be an array of regular expressions');
    }
  },
  validate: (s) => badRegex(s.include ?? [], 'include') ?? badRegex(s.exclude ?? [], 'exclude'),
  run(stage, r) {
    const inc = (stage.include ?? []).map(sourceRe);
    const exc = (stage.exclude ?? []).map(sourceRe);
    r.narrow(stage, (s) => {
      const src = s.source ?? '';
      if (inc.length && !inc.some((re) => re.test(src))) return { stage: stage.stage, reason: 'source not included', detail: { source: s.source } };
      if (exc.some((re) => re.test(src))) return { stage: stage.stage, reason: 'source excluded', detail: { source: s.source } };
      return undefined;
    });
  },
  whyEmpty(stage, input) {
    if (!stage.include?.length) return undefined;
    const seen = [...new Set(input.map((s) => s.source ?? '(none)'))];
    return `no sample's source matches ${stage.include.join(', ')} (sources: ${seen.slice(0, 5).join(', ')}${seen.length > 5 ? ', …' : ''})`;
  },
};
