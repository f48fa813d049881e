// Documents as people read them in a plan: as written (the manifest's document, or the live one as
// RAM returns it), pretty-printed. Normalisation only decides WHETHER two documents differ (the
// diffs use policiesEquivalent); showing the normalised form made a plan print "sts:assumerole" for
// what the user wrote as "sts:AssumeRole" (issue 14, finding 6).

/** A document as it is sent or was read, pretty-printed; text that is not JSON as it is. */
export function prettySent(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
