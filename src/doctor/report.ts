// A doctor run's result for every image, with the fix of each image's first broken link. Exit 0
// when every image is pullable (or is not an ACR image, where password-free pulls do not apply),
// 1 otherwise: a broken link, or one that could not be read.
import { fixFor, type Fix, type FixContext } from './fix.js';
import type { ImageDiagnosis, RegistryInfo, Verdict } from './types.js';

export interface ImageReport extends ImageDiagnosis {
  fix?: Fix;
}

export interface DoctorReport {
  formatVersion: 1;
  eciAccountId: string;
  regionId: string;
  /** The AcrRegistryInfo entries doctor judged with, as the pod or cache passes them. */
  entries: RegistryInfo[];
  verdict: Verdict;
  /** --image-cache: the live cache's status and latest Warning event (or latest event). */
  cache?: CacheSummary;
  images: ImageReport[];
}

export interface CacheSummary {
  imageCacheId: string;
  status: string;
  latestEvent?: string;
}

const RANK: Record<Verdict, number> = { pullable: 0, 'not-acr': 0, 'not-pullable': 1, unreadable: 2 };

export function buildReport(diagnoses: readonly ImageDiagnosis[], entries: RegistryInfo[], ctx: FixContext, cache?: CacheSummary): DoctorReport {
  const images = diagnoses.map((d) => {
    const fix = fixFor(d, ctx);
    return fix ? { ...d, fix } : { ...d };
  });
  const worst = images.reduce<Verdict>((acc, i) => (RANK[i.verdict] > RANK[acc] ? i.verdict : acc), 'pullable');
  return { formatVersion: 1, eciAccountId: ctx.eciAccountId, regionId: ctx.regionId, entries, verdict: worst, ...(cache ? { cache } : {}), images };
}

export const isPullable = (report: DoctorReport): boolean => RANK[report.verdict] === 0;
