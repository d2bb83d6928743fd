// Answer checking for reasoning-distillation evaluation: extract the final answer from a response and
// decide whether it is equivalent to the gold answer (maths, AIME integers, multiple choice).
export { gradeAnswer, answersEquivalent, clearParseCache } from './grade';
export { extractAnswer, normalizeAnswer } from './api';
export { splitThinking, findBoxed } from './extract';
export type { Boxed, Extraction, ExtractionMethod } from './extract';
export { GRADE_KINDS } from './types';
export type { GradeKind, GradeOptions, GradeResult } from './types';
