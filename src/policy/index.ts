// The RAM policy language: parsing, grammar, semantic comparison, evaluation, trust, ARNs.
export * from './document.js';
export * from './arn.js';
export * from './wildcard.js';
export * from './operators.js';
export * from './parse.js';
export * from './grammar.js';
export * from './normalise.js';
export * from './conditions.js';
export * from './evaluate.js';
export * from './trust.js';
export * from './validate.js';
