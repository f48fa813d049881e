// Region IDs as people write them: is it one of Alibaba's (data/regions.ts), and if not, which did
// they mean? A typo of an ID (`cn-shangai`) is matched by edit distance; a city or country name
// (`Shanghai`, `Tokyo`) by the regions' names.
import { closest, orList } from '../runtime/did-you-mean.js';
import { REGIONS } from './data/regions.js';

const IDS = REGIONS.map((r) => r.id);
const KNOWN = new Set(IDS);

export const isKnownRegion = (id: string): boolean => KNOWN.has(id);

/** The region IDs `text` most likely means: near IDs first, else regions whose name or ID contains it. */
export function likelyRegions(text: string): string[] {
  const near = closest(text, IDS, 2);
  if (near.length > 0) return near;
  const word = text.trim().toLowerCase();
  if (word.length < 3) return [];
  return REGIONS.filter((r) => r.name.toLowerCase().includes(word) || r.id.includes(word)).map((r) => r.id);
}

/** `did you mean cn-shanghai?`, or what region IDs look like when nothing is near. */
export function regionHint(text: string): string {
  const likely = likelyRegions(text);
  if (likely.length > 0) return `did you mean ${orList(likely)}?`;
  return 'a region ID looks like cn-hangzhou, cn-shanghai or ap-southeast-1';
}
