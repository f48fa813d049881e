// yaml's CST Parser for the fast path, without process-global tricks.
//
// yaml's Node build reads `process.env.LOG_TOKENS` once per token (a debug hook), and Node's env is
// an exotic object whose every read is a call into C++: a third of the parser's time on 10,000
// documents. An earlier version swapped `process.env` for a plain copy during each parse; that
// touched a global every other module can see. yaml ships the same version's browser build, in the
// same package, built from the same sources without that hook. Its Parser yields the same plain
// token objects, which the Node build's CST helpers read. The package's `exports` do not list the
// file, so it is imported by path; if a future yaml moves it, the Node build's Parser is used
// (slower, same results) and a test notices.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Parser as NodeParser } from 'yaml';

type ParserClass = typeof NodeParser;

async function quietParser(): Promise<ParserClass> {
  try {
    const pkg = pathToFileURL(createRequire(import.meta.url).resolve('yaml/package.json'));
    const mod = (await import(new URL('browser/dist/parse/parser.js', pkg).href)) as { Parser?: ParserClass };
    return typeof mod.Parser === 'function' ? mod.Parser : NodeParser;
  } catch {
    return NodeParser;
  }
}

export const Parser: ParserClass = await quietParser();

/** False when yaml's layout changed and the Node build's (env-reading) Parser is in use. */
export const parserAvoidsEnv = Parser !== NodeParser;
